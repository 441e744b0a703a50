// The plugin's icon: the clipboard with a check mark of assets/icon.svg (the System Console's
// plugin icon and the bot's profile picture), so every surface shows the same drawing.
import React from 'react';

/** The drawing of assets/icon.svg (a test keeps the two equal). */
export const ICON_PATH = 'M9 2h6a1 1 0 0 1 1 1v1h2a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2h2V3a1 1 0 0 1 1-1zm1 2v2h4V4h-4zM6 6v14h12V6h-2v1a1 1 0 0 1-1 1H9a1 1 0 0 1-1-1V6H6zm3.3 7.3 1.7 1.7 3.8-3.8 1.4 1.4-5.2 5.2-3.1-3.1 1.4-1.4z';

// The app bar shows the icon as an <img>, which theme CSS variables and currentColor cannot
// reach, so the colour is fixed. The app bar's background is the theme's centre channel
// colour, near white or near black; the former dark grey vanished on the dark ones. A
// mid-tone blue (Mattermost's link blue) keeps at least the 3:1 contrast icons need on
// both; the button blue (#1c58d9) falls just short of it on Onyx. assets/icon.svg uses the
// same colour for the System Console, where the icon is also an <img>.
export const ICON_COLOR = '#386fe5';

export const ICON_URL = `data:image/svg+xml;utf8,${encodeURIComponent(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill="${ICON_COLOR}" d="${ICON_PATH}"/></svg>`,
)}`;

/** The channel header button's icon: inline, so it takes the header's theme colour. */
export function ChecklistIcon() {
    return (
        <svg width='18' height='18' viewBox='0 0 24 24' aria-hidden='true' focusable='false'>
            <path fill='currentColor' d={ICON_PATH}/>
        </svg>
    );
}
