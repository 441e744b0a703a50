// The people, team and channels the preview starts with: one person per release role, an
// admin, and an outsider who is not in the release channel, so every permission path of
// the plugin can be tried from the user switcher.
import type {Seed} from '../../../server-bridge/src/product/testing';

/** Mattermost ids are 26 lower-case characters; readable ones keep logs and tests legible. */
function id(name: string): string {
    return `${name}${'0'.repeat(26)}`.slice(0, 26);
}

/** Everyone's password: the real-server harness's, so a browser journey signs in alike on both. */
export const PASSWORD = 'Release-Checklist-1';

export const TEAM = {id: id('teamcore'), name: 'core', displayName: 'Core'};

export const PEOPLE = {
    rita: {id: id('rita'), username: 'rita', firstName: 'Rita', lastName: 'Ramos', nickname: 'Release Manager'},
    dan: {id: id('dan'), username: 'dan', firstName: 'Dan', lastName: 'Devlin', nickname: 'Developer'},
    bill: {id: id('bill'), username: 'bill', firstName: 'Bill', lastName: 'Builder', nickname: 'Build'},
    quinn: {id: id('quinn'), username: 'quinn', firstName: 'Quinn', lastName: 'Adams', nickname: 'QA'},
    lena: {id: id('lena'), username: 'lena', firstName: 'Lena', lastName: 'Logan', nickname: 'Logistics'},
    maya: {id: id('maya'), username: 'maya', firstName: 'Maya', lastName: 'Marks', nickname: 'Marketing'},
    ada: {id: id('ada'), username: 'ada', firstName: 'Ada', lastName: 'Admin', nickname: 'System admin'},
    oscar: {id: id('oscar'), username: 'oscar', firstName: 'Oscar', lastName: 'Outside', nickname: 'Not in the release channel'},
} as const;

export type PersonKey = keyof typeof PEOPLE;

const everyone = Object.values(PEOPLE).map((p) => p.id);
const releaseTeam = everyone.filter((u) => u !== PEOPLE.oscar.id);

export const CHANNELS = {
    townSquare: {id: id('townsquare'), teamId: TEAM.id, name: 'town-square', displayName: 'Town Square', type: 'O', members: everyone},
    release: {id: id('securityrelease'), teamId: TEAM.id, name: 'security-release', displayName: 'Security Release', type: 'P', members: releaseTeam},
    announcements: {id: id('announcements'), teamId: TEAM.id, name: 'announcements', displayName: 'Announcements', type: 'O', members: everyone},
};

export function previewSeed(): Seed {
    return {
        users: Object.values(PEOPLE).map((p) => ({...p, email: `${p.username}@example.com`, timeZone: 'America/Toronto'})),
        channels: Object.values(CHANNELS).map((c) => ({...c, members: [...c.members]})),
        admins: [PEOPLE.ada.id],
    };
}
