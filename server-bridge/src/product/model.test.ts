import {DEFAULT_ROLES} from './model';

describe('default roles', () => {
    it('are the six roles of the release process, with unique ids', () => {
        expect(DEFAULT_ROLES.map((r) => r.name)).toEqual(['Release Manager', 'Dev', 'Build', 'QA', 'Logistics', 'Marketing']);
        expect(new Set(DEFAULT_ROLES.map((r) => r.id)).size).toBe(6);
    });
});
