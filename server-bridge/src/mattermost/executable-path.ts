// The path of the running plugin executable: process.execPath inside a Node single
// executable application; when the bundle runs under a plain node (tests, development),
// the script node was started with.
export function executablePath(): string {
    let sea = false;
    try {
        // node:sea exists from Node 20; absent means not a single executable application.
        sea = (require('node:sea') as {isSea(): boolean}).isSea();
    } catch {
        sea = false;
    }
    return sea ? process.execPath : process.argv[1] ?? process.execPath;
}
