// The base URL of the Mattermost server as the browser reaches it, including any subpath.
interface StateWithConfig {
    entities?: {general?: {config?: {SiteURL?: string}}};
}

export function siteUrlFrom(state: StateWithConfig, win: Pick<Window, 'location' | 'basename'> = window): string {
    // SiteURL may be unset on a fresh install; the host then serves from the page's origin
    // plus the basename it detected (installs under a subpath set window.basename).
    const configured = state.entities?.general?.config?.SiteURL;
    const base = configured && configured.trim() !== '' ? configured.trim() : `${win.location.origin}${win.basename ?? ''}`;
    return base.replace(/\/+$/, '');
}
