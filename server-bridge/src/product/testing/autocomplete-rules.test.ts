import {autocompleteData, commandSpec} from '../commands/autocomplete';
import {autocompleteProblem} from './autocomplete-rules';
import {MemoryPlatform} from './memory-platform';

describe('Mattermost\'s autocomplete rules in the stand-in', () => {
    test('the /release definition passes every rule', () => {
        expect(autocompleteProblem(autocompleteData())).toBeNull();
    });

    test('an optional positional text argument is refused as a real server refuses it', async () => {
        const spec = commandSpec();
        const data = autocompleteData();
        data.SubCommands[0].Arguments[0].Required = false;
        expect(autocompleteProblem(data)).toBe('Positional argument can not be optional');
        await expect(new MemoryPlatform().registerCommand({...spec, autocompleteData: data}))
            .rejects.toThrow('invalid autocomplete data in command: Positional argument can not be optional');
    });

    test.each([
        ['Release', 'Command should be lowercase'],
        ['', 'An empty command name in the autocomplete data'],
    ])('trigger %j: %s', (trigger, message) => {
        expect(autocompleteProblem({...autocompleteData(), Trigger: trigger})).toBe(message);
    });

    test('a named argument before a positional one, and a wrong role, are refused', () => {
        const data = autocompleteData();
        const skip = data.SubCommands.find((s) => s.Trigger === 'skip')!;
        skip.Arguments[0] = {...skip.Arguments[0], Name: 'step'};
        expect(autocompleteProblem(data)).toBe('Named argument should not be before positional argument');
        expect(autocompleteProblem({...autocompleteData(), RoleID: 'team_user'})).toBe('Wrong role in the autocomplete data');
    });
});
