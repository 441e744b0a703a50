// Client-side routes of the page, mirroring the web app's URLs: /<team>/channels/<name>,
// /<team>/messages/@<username> (direct messages),
// /<team>/pl/<postId> (permalinks) and /admin_console/plugins/plugin_<id>.
import {useEffect, useState} from 'react';

const listeners = new Set<() => void>();

export function navigate(path: string): void {
    if (path !== window.location.pathname) {
        window.history.pushState(null, '', path);
    }
    listeners.forEach((fn) => fn());
}

window.addEventListener('popstate', () => listeners.forEach((fn) => fn()));

export function usePath(): string {
    const [path, setPath] = useState(window.location.pathname);
    useEffect(() => {
        const fn = () => setPath(window.location.pathname);
        listeners.add(fn);
        return () => {
            listeners.delete(fn);
        };
    }, []);
    return path;
}

export type Route =
    | {kind: 'channel'; team: string; name: string}
    | {kind: 'direct'; team: string; username: string}
    | {kind: 'permalink'; team: string; postId: string}
    | {kind: 'console'; section: string}
    | {kind: 'home'};

export function parseRoute(path: string): Route {
    let m = /^\/([a-z0-9-]+)\/channels\/([a-z0-9-]+)$/.exec(path);
    if (m) {
        return {kind: 'channel', team: m[1], name: m[2]};
    }
    m = /^\/([a-z0-9-]+)\/messages\/@([a-z0-9._-]+)$/.exec(path);
    if (m) {
        return {kind: 'direct', team: m[1], username: m[2]};
    }
    m = /^\/([a-z0-9-]+)\/pl\/([a-z0-9]+)$/.exec(path);
    if (m) {
        return {kind: 'permalink', team: m[1], postId: m[2]};
    }
    m = /^\/admin_console(?:\/(.*))?$/.exec(path);
    if (m) {
        return {kind: 'console', section: m[1] ?? ''};
    }
    return {kind: 'home'};
}
