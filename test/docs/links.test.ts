import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The project documents its own rules: a clone must be able to follow every link it has.
const pages = ['README.md', ...readdirSync('docs').filter((name) => name.endsWith('.md')).map((name) => join('docs', name))];

function relativeLinks(page: string): string[] {
  const text = readFileSync(page, 'utf8');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!).filter((target) => !/^[a-z]+:/i.test(target) && !target.startsWith('#'));
}

describe('the documentation', () => {
  it('has the four reference pages', () => {
    for (const page of ['sending-rules.md', 'scenario-file.md', 'csv.md', 'cli.md']) expect(pages).toContain(join('docs', page));
  });

  it.each(pages)('%s links only to files inside the repository that exist', (page) => {
    for (const target of relativeLinks(page)) {
      const path = resolve(dirname(page), target.split('#')[0]!);
      expect(relative(process.cwd(), path).startsWith('..'), `${page} links outside the repository: ${target}`).toBe(false);
      expect(existsSync(path), `${page} links to a missing ${target}`).toBe(true);
    }
  });
});

describe('where each rule lives', () => {
  // The page is how a reader finds a rule's one file: a file renamed or removed must fail here.
  const page = readFileSync('docs/where-each-rule-lives.md', 'utf8');
  const named = [...page.matchAll(/`((?:core|adapters)\/[\w/.-]+\.ts)`/g)].map((match) => match[1]!);

  it('names the files of the rules', () => {
    expect(named.length).toBeGreaterThan(30);
  });

  it.each([...new Set(named)])('%s exists', (file) => {
    expect(existsSync(file), `docs/where-each-rule-lives.md names ${file}, which is not there`).toBe(true);
  });
});
