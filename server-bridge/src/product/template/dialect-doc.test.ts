// The dialect reference must not drift from the parser or the shipped default template.
import fs from 'fs';
import path from 'path';
import {parseTemplate} from './parse';

const repoRoot = path.resolve(__dirname, '../../../..');
const doc = fs.readFileSync(path.join(repoRoot, 'docs/template-dialect.md'), 'utf8');
const blocks = [...doc.matchAll(/```markdown\n([\s\S]*?)```/g)].map((m) => m[1]);

describe('docs/template-dialect.md', () => {
    it('shows the default template exactly as shipped', () => {
        const asset = fs.readFileSync(path.join(repoRoot, 'assets/templates/security-release.md'), 'utf8');
        expect(blocks[blocks.length - 1]).toBe(asset);
    });

    it('has an "at a glance" example that parses', () => {
        expect(parseTemplate(blocks[0]).errors).toEqual([]);
    });
});
