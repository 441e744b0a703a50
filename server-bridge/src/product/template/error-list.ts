// Collects parse errors in source order and caps what is reported, so 1 MB of junk
// yields a short, readable list instead of a quarter of a million messages.
import type {TemplateError} from '../model';
import {MAX_ERRORS, MAX_ERRORS_KEPT} from './limits';

export class ErrorList {
    private readonly kept: TemplateError[] = [];
    private total = 0;

    add(line: number, message: string): void {
        this.total++;
        if (this.kept.length < MAX_ERRORS_KEPT) {
            this.kept.push({line, message});
        }
    }

    get empty(): boolean {
        return this.total === 0;
    }

    /** At most MAX_ERRORS errors by line, then one "and N more" entry if any were left out. */
    result(): TemplateError[] {
        // Array.prototype.sort is stable: errors on one line keep the order they were found in.
        const sorted = [...this.kept].sort((a, b) => a.line - b.line);
        if (this.total <= MAX_ERRORS) {
            return sorted;
        }
        const shown = sorted.slice(0, MAX_ERRORS);
        const more = this.total - MAX_ERRORS;
        shown.push({line: sorted[MAX_ERRORS].line, message: `... and ${more} more error${more === 1 ? '' : 's'}`});
        return shown;
    }
}
