// The default process's roles, repeated here so the bundle carries no server code; a test
// checks they match the product model.
export const DEFAULT_ROLES: ReadonlyArray<{id: string; name: string}> = [
    {id: 'release-manager', name: 'Release Manager'},
    {id: 'dev', name: 'Dev'},
    {id: 'build', name: 'Build'},
    {id: 'qa', name: 'QA'},
    {id: 'logistics', name: 'Logistics'},
    {id: 'marketing', name: 'Marketing'},
];
