// Keeps keyboard focus inside a modal dialog while it is open: Tab and Shift+Tab cycle
// through its controls, focus that escapes (a click outside, a script) is brought back,
// Escape closes it, and on close focus returns to where it was before the dialog opened.
import {useEffect, useState, type KeyboardEvent, type RefObject} from 'react';

const FOCUSABLE = [
    'a[href]', 'area[href]', 'button:not([disabled])', 'input:not([disabled]):not([type="hidden"])', 'select:not([disabled])',
    'textarea:not([disabled])', 'iframe', '[contenteditable="true"]', '[tabindex]:not([tabindex="-1"])',
].join(',');

export function focusableIn(container: HTMLElement): HTMLElement[] {
    return Array.from(container.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => !el.closest('[hidden],[inert]'));
}

/**
 * `ref` is the dialog element (give it tabIndex={-1} so it can hold focus while it has no
 * controls yet). Returns the keydown handler to put on it.
 */
export function useFocusTrap(ref: RefObject<HTMLElement>, onEscape: () => void): (e: KeyboardEvent) => void {
    // Read during the first render, before any autoFocus inside the dialog moves focus.
    const [returnTo] = useState(() => (typeof document === 'undefined' ? null : document.activeElement as HTMLElement | null));

    useEffect(() => {
        const dialog = ref.current;
        if (dialog && !dialog.contains(document.activeElement)) {
            dialog.focus();
        }
        const keepInside = (e: FocusEvent) => {
            const el = ref.current;
            if (el && e.target instanceof Node && !el.contains(e.target)) {
                (focusableIn(el)[0] ?? el).focus();
            }
        };
        document.addEventListener('focusin', keepInside);
        return () => {
            document.removeEventListener('focusin', keepInside);
            // Back to the control that opened the dialog, if it is still on the page.
            if (returnTo && returnTo !== document.body && returnTo.isConnected && typeof returnTo.focus === 'function') {
                returnTo.focus();
            }
        };
    }, [ref, returnTo]);

    return (e: KeyboardEvent) => {
        const dialog = ref.current;
        if (!dialog) {
            return;
        }
        if (e.key === 'Escape') {
            e.stopPropagation();
            e.preventDefault();
            onEscape();
            return;
        }
        if (e.key !== 'Tab') {
            return;
        }
        const items = focusableIn(dialog);
        if (items.length === 0) {
            e.preventDefault();
            dialog.focus();
            return;
        }
        const first = items[0];
        const last = items[items.length - 1];
        const at = document.activeElement;
        if (e.shiftKey && (at === first || at === dialog || !dialog.contains(at))) {
            e.preventDefault();
            last.focus();
        } else if (!e.shiftKey && (at === last || !dialog.contains(at))) {
            e.preventDefault();
            first.focus();
        }
    };
}
