import {MemoryKV} from './memory-kv';
import {TemplateRepository} from './template-repository';
import {sampleTemplate} from '../testing/fixtures';

describe('TemplateRepository', () => {
    it('seeds the default template once, even when asked concurrently', async () => {
        const kv = new MemoryKV();
        let loads = 0;
        const repo = new TemplateRepository(kv, async () => {
            loads++;
            return {template: sampleTemplate(), markdown: '# md'};
        });
        const lists = await Promise.all([repo.list(), repo.list(), repo.get('security-release')]);
        expect(loads).toBe(1);
        expect(lists[0].map((t) => t.template.id)).toEqual(['security-release']);
        // A second server finds the seeded index and keeps it.
        const other = new TemplateRepository(kv, async () => {
            throw new Error('must not load');
        });
        expect((await other.list()).length).toBe(1);
    });

    it('stores and lists saved templates; refuses bad ids; retries seeding after a failure', async () => {
        const kv = new MemoryKV();
        let fail = true;
        const repo = new TemplateRepository(kv, async () => {
            if (fail) {
                throw new Error('bundle missing');
            }
            return {template: sampleTemplate(), markdown: '# md'};
        });
        await expect(repo.list()).rejects.toThrow('bundle missing');
        fail = false;
        await repo.put({template: {...sampleTemplate(), id: 'mine', name: 'Mine'}, markdown: '# mine'}, 'admin', '2026-01-01T00:00:00.000Z');
        expect((await repo.list()).map((t) => t.template.id)).toEqual(['security-release', 'mine']);
        expect((await repo.get('mine'))!.updatedBy).toBe('admin');
        await expect(repo.put({template: {...sampleTemplate(), id: 'Bad Id'}, markdown: ''}, 'a', 'x')).rejects.toThrow(/template id/);
        expect(await repo.get('../x')).toBeNull();
    });
});
