// The plugin's icon: a checklist glyph. The app bar needs a URL, so the same drawing is
// also offered as a data URI (no extra file to serve).
import React from 'react';

const PATH = 'M3 5h2v2H3zm4 0h14v2H7zM3 11h2v2H3zm4 0h14v2H7zm-4 6h2v2H3zm4 0h14v2H7z';

export const ICON_URL = `data:image/svg+xml;utf8,${encodeURIComponent(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill="#3f4350" d="${PATH}"/></svg>`,
)}`;

export function ChecklistIcon() {
    return (
        <svg width='18' height='18' viewBox='0 0 24 24' aria-hidden='true' focusable='false'>
            <path fill='currentColor' d={PATH}/>
        </svg>
    );
}
