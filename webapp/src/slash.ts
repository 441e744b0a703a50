// `/release` typed alone opens the RHS in the web app instead of reaching the server (DESIGN
// 5.1); every other command, including `/release <subcommand>`, goes on unchanged so the
// server's slash command (and mobile, where no webapp code runs) keeps working.

/** True for `/release` with no arguments, in any case and with any surrounding spaces. */
export function isBareReleaseCommand(message: string): boolean {
    return typeof message === 'string' && /^\s*\/release\s*$/i.test(message);
}

/**
 * The host's SlashCommandWillBePosted contract: `{}` swallows the command (and stops later
 * plugins' hooks), `{message, args}` lets it through.
 */
export function slashCommandHook<A>(openRhs: () => void) {
    return (message: string, args: A): {message: string; args: A} | Record<string, never> => {
        if (isBareReleaseCommand(message)) {
            openRhs();
            return {};
        }
        return {message, args};
    };
}
