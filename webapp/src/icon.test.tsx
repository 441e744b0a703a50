// The app bar icon is an <img>: its colour must read on light and dark app bars alike, and
// it must be the same drawing and colour as assets/icon.svg (System Console, bot picture).
import fs from 'fs';
import path from 'path';

import {ICON_COLOR, ICON_PATH, ICON_URL} from './icon';

/** WCAG relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).
        map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return (0.2126 * r) + (0.7152 * g) + (0.0722 * b);
}

function contrast(a: string, b: string): number {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
}

function svgOfDataUri(uri: string): Document {
    const prefix = 'data:image/svg+xml;utf8,';
    expect(uri.startsWith(prefix)).toBe(true);
    return new DOMParser().parseFromString(decodeURIComponent(uri.slice(prefix.length)), 'image/svg+xml');
}

describe('app bar icon', () => {
    // The app bar takes the theme's centre channel background: Denim (light) and Onyx
    // (dark) stock themes, and the extremes a custom theme may pick.
    test.each([
        ['Denim (light)', '#ffffff'],
        ['Onyx (dark)', '#191b1f'],
        ['black', '#000000'],
        ['light grey', '#f0f0f0'],
    ])('its fill has at least 3:1 contrast on a %s app bar', (_name, background) => {
        const fill = svgOfDataUri(ICON_URL).querySelector('path')!.getAttribute('fill')!;
        expect(fill).toBe(ICON_COLOR);
        expect(contrast(fill, background)).toBeGreaterThanOrEqual(3);
    });

    test('is the drawing and colour of assets/icon.svg', () => {
        const file = fs.readFileSync(path.join(__dirname, '..', '..', 'assets', 'icon.svg'), 'utf8');
        const asset = new DOMParser().parseFromString(file, 'image/svg+xml').querySelector('path')!;
        const ours = svgOfDataUri(ICON_URL).querySelector('path')!;
        expect(ours.getAttribute('d')).toBe(ICON_PATH);
        expect(asset.getAttribute('d')).toBe(ICON_PATH);
        expect(asset.getAttribute('fill')).toBe(ICON_COLOR);
    });
});
