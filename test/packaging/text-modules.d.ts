// esbuild's text loader (scripts/build-server.js) turns these imports into strings.
declare module '*.md' {
    const text: string;
    export default text;
}
