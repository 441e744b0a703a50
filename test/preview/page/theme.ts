// Mattermost's two stock themes (Denim, light; Onyx, dark) and the CSS variables the web app
// derives from a theme, so plugin styles written against them look as they would there.
export interface Theme {
    type: string;
    sidebarBg: string;
    sidebarText: string;
    sidebarHeaderBg: string;
    sidebarHeaderTextColor: string;
    sidebarTextActiveBorder: string;
    sidebarTextActiveColor: string;
    centerChannelBg: string;
    centerChannelColor: string;
    newMessageSeparator: string;
    linkColor: string;
    buttonBg: string;
    buttonColor: string;
    errorTextColor: string;
    mentionHighlightBg: string;
    onlineIndicator: string;
    awayIndicator: string;
    dndIndicator: string;
}

export const THEMES: Record<'light' | 'dark', Theme> = {
    light: {
        type: 'Denim', sidebarBg: '#1e325c', sidebarText: '#ffffff', sidebarHeaderBg: '#192a4d', sidebarHeaderTextColor: '#ffffff',
        sidebarTextActiveBorder: '#5d89ea', sidebarTextActiveColor: '#ffffff', centerChannelBg: '#ffffff', centerChannelColor: '#3f4350',
        newMessageSeparator: '#cc8f00', linkColor: '#386fe5', buttonBg: '#1c58d9', buttonColor: '#ffffff', errorTextColor: '#d24b4e',
        mentionHighlightBg: '#ffd470', onlineIndicator: '#3db887', awayIndicator: '#ffbc1f', dndIndicator: '#d24b4e',
    },
    dark: {
        type: 'Onyx', sidebarBg: '#202228', sidebarText: '#ffffff', sidebarHeaderBg: '#24272d', sidebarHeaderTextColor: '#dddfe4',
        sidebarTextActiveBorder: '#1592e0', sidebarTextActiveColor: '#ffffff', centerChannelBg: '#191b1f', centerChannelColor: '#e3e4e8',
        newMessageSeparator: '#1adbdb', linkColor: '#5d89ea', buttonBg: '#1c58d9', buttonColor: '#ffffff', errorTextColor: '#da6c6e',
        mentionHighlightBg: '#0d6e6e', onlineIndicator: '#3db887', awayIndicator: '#f5ab00', dndIndicator: '#d24b4e',
    },
};

function rgb(hex: string): string {
    const n = parseInt(hex.slice(1), 16);
    return `${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}`;
}

const VARS: Array<[string, keyof Theme]> = [
    ['sidebar-bg', 'sidebarBg'], ['sidebar-text', 'sidebarText'], ['sidebar-header-bg', 'sidebarHeaderBg'],
    ['sidebar-header-text-color', 'sidebarHeaderTextColor'], ['sidebar-text-active-border', 'sidebarTextActiveBorder'],
    ['sidebar-text-active-color', 'sidebarTextActiveColor'], ['center-channel-bg', 'centerChannelBg'],
    ['center-channel-color', 'centerChannelColor'], ['new-message-separator', 'newMessageSeparator'], ['link-color', 'linkColor'],
    ['button-bg', 'buttonBg'], ['button-color', 'buttonColor'], ['error-text', 'errorTextColor'], ['error-text-color', 'errorTextColor'],
    ['mention-highlight-bg', 'mentionHighlightBg'], ['online-indicator', 'onlineIndicator'], ['away-indicator', 'awayIndicator'],
    ['dnd-indicator', 'dndIndicator'],
];

/** Sets `--name` and `--name-rgb` for every theme colour on the document, as the web app does. */
export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
    for (const [name, key] of VARS) {
        root.style.setProperty(`--${name}`, theme[key]);
        root.style.setProperty(`--${name}-rgb`, rgb(theme[key]));
    }
    root.style.colorScheme = theme === THEMES.dark ? 'dark' : 'light';
}
