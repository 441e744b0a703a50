import {isBareReleaseCommand, slashCommandHook} from './slash';

describe('/release typed alone', () => {
    test.each(['/release', '/RELEASE', '  /Release  ', '/release\t', '\n/release\n'])('%j opens the RHS', (message) => {
        expect(isBareReleaseCommand(message)).toBe(true);
    });

    test.each(['/release status', '/release  start', '/releases', '/release-notes', 'release', '/rel', '/release done 3', ''])('%j is not bare', (message) => {
        expect(isBareReleaseCommand(message)).toBe(false);
    });

    test('the hook swallows a bare /release after opening the RHS and passes anything else through unchanged', () => {
        const open = jest.fn();
        const hook = slashCommandHook(open);
        const args = {channel_id: 'c1', team_id: 't1', root_id: ''};
        expect(hook(' /Release ', args)).toEqual({});
        expect(open).toHaveBeenCalledTimes(1);
        const through = hook('/release status', args) as {message: string; args: typeof args};
        expect(through).toEqual({message: '/release status', args});
        expect(through.args).toBe(args);
        expect(hook('/away', args)).toEqual({message: '/away', args});
        expect(open).toHaveBeenCalledTimes(1);
    });

    test('a message that is not a string (bad input from a host) passes through without opening anything', () => {
        const open = jest.fn();
        const hook = slashCommandHook(open);
        expect(hook(undefined as unknown as string, {})).toEqual({message: undefined, args: {}});
        expect(open).not.toHaveBeenCalled();
    });
});
