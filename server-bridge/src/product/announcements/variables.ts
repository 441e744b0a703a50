// The message templates of announcement steps. A template is plain Markdown with
// {{variable}} placeholders; the template developer validates templates at parse time with
// `checkAnnouncementMessage`, so an unknown variable is caught when the template is saved,
// not when the release manager clicks "post it".

export const announcementVariables = ['version', 'releaseDay', 'issues', 'channel'] as const;

export type AnnouncementVariable = typeof announcementVariables[number];

export const ANNOUNCEMENT_VARIABLE_HELP: Record<AnnouncementVariable, string> = {
    version: 'the release version, e.g. 1.1.1',
    releaseDay: 'the release day T-0, e.g. Tue 2024-03-12',
    issues: 'the list of security issues being fixed, one link per line',
    channel: "a link to the run's channel",
};

/** {{ name }} with optional spaces; the name is what the placeholder asks for. */
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

export interface AnnouncementProblem {
    /** 1-based line within the message. */
    line: number;
    message: string;
}

function isKnown(name: string): name is AnnouncementVariable {
    return (announcementVariables as readonly string[]).includes(name);
}

/** Problems with a message template: unknown or empty variables, unbalanced braces. */
export function checkAnnouncementMessage(message: string): AnnouncementProblem[] {
    const problems: AnnouncementProblem[] = [];
    message.split('\n').forEach((text, i) => {
        const line = i + 1;
        for (const match of text.matchAll(PLACEHOLDER)) {
            const name = match[1];
            if (!isKnown(name)) {
                problems.push({
                    line,
                    message: `unknown variable {{${name}}} in the announcement; known variables: ${announcementVariables.map((v) => `{{${v}}}`).join(', ')}`,
                });
            }
        }
        const rest = text.replace(PLACEHOLDER, '');
        if (rest.includes('{{') || rest.includes('}}')) {
            problems.push({line, message: 'unbalanced {{ or }} in the announcement; write variables as {{name}}'});
        }
    });
    return problems;
}

/** Replaces each placeholder by its value; the message must have passed checkAnnouncementMessage. */
export function fillPlaceholders(message: string, values: Record<AnnouncementVariable, string>): string {
    return message.replace(PLACEHOLDER, (whole, name: string) => (isKnown(name) ? values[name] : whole));
}
