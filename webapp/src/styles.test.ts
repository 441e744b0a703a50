import {CSS, injectStyles} from './styles';

describe('stylesheet', () => {
    it('takes every colour from the host theme variables', () => {
        // No literal colours: hex, named or rgb() values would break in one theme or another.
        expect(CSS).not.toMatch(/#[0-9a-f]{3,8}\b/i);
        expect(CSS).not.toMatch(/:\s*(?:white|black|red|green|blue|gray|grey)\b/);
        const rgbas = CSS.match(/rgba?\((?:var\([^)]*\)|[^)(])*\)/g) ?? [];
        expect(rgbas.length).toBeGreaterThan(10);
        for (const c of rgbas) {
            // Theme colours with alpha, or the neutral scrim/shadow behind the dialog.
            expect(c).toMatch(/^rgba\((var\(--[a-z-]+-rgb\), [0-9.]+|0,0,0,0\.\d+)\)$/);
        }
        expect(CSS).toContain('var(--center-channel-bg)');
        expect(CSS).toContain('var(--button-bg)');
    });

    it('adds one style element and removes it again', () => {
        const remove = injectStyles();
        const again = injectStyles();
        expect(document.head.querySelectorAll('style')).toHaveLength(1);
        again();
        remove();
        expect(document.head.querySelectorAll('style')).toHaveLength(0);
    });
});
