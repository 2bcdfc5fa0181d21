import { expect } from '@open-wc/testing';
import type { AgentEntry, DirectoryTarget, RoutingTargetEntry } from '../engine/types.js';
import { createDirectoryIndex, foldText, search } from './search.js';
import { generateDirectory } from '../components/team-communicator/generate-directory.js';
import { LONG_TEST_MS } from '../components/test-support/wait.js';

function agent(id: string, name: string, number?: string): AgentEntry {
  return {
    kind: 'agent',
    id,
    name,
    ...(number ? { number } : {}),
    presence: { chat: 'ready', voice: 'ready', email: 'ready' },
    chatCapacity: 2,
  };
}

function routing(kind: 'queue' | 'routing-point', id: string, name: string, number?: string): RoutingTargetEntry {
  return { kind, id, name, ...(number ? { number } : {}), members: [] };
}

const DIRECTORY: DirectoryTarget[] = [
  agent('jim', 'Jim Miller', '5001'),
  agent('kate', 'Kate Lewis', '5002'),
  agent('jimmy', 'Jimmy Lee', '5101'),
  agent('millie', 'Millie Jones', '+1 (555) 010-2000'),
  agent('elodie', 'Élodie Ørsted', '5003'),
  agent('soren', 'Søren Jimenez'),
  routing('queue', 'q-billing', 'Billing Queue', '7001'),
  routing('routing-point', 'rp-sales', 'Sales Routing Point', '7100'),
  routing('queue', 'q-jim', 'Jim', '7200'),
];

const names = (targets: readonly DirectoryTarget[]) => targets.map((t) => t.name);

describe('team communicator search', function () {
  // Whole lessons and 10,000s of entries: slow on a loaded machine, and every wait inside is bounded anyway.
  this.timeout(LONG_TEST_MS);
  const index = createDirectoryIndex(DIRECTORY);

  it('finds targets by the start of their name, exact match first', () => {
    const result = search(index, 'jim');
    expect(names(result.targets)).to.deep.equal(['Jim', 'Jim Miller', 'Jimmy Lee', 'Søren Jimenez']);
    expect(result.total).to.equal(4);
  });

  it('finds targets by the start of any word, in any order', () => {
    expect(names(search(index, 'mill').targets)).to.deep.equal(['Millie Jones', 'Jim Miller']);
    expect(names(search(index, 'miller jim').targets)).to.deep.equal(['Jim Miller']);
    expect(names(search(index, 'jim mil').targets)).to.deep.equal(['Jim Miller']);
  });

  it('does not match inside a word', () => {
    expect(search(index, 'iller').total).to.equal(0);
    expect(search(index, 'ewis').total).to.equal(0);
  });

  it('ignores case and diacritics on both sides', () => {
    expect(names(search(index, 'elodie').targets)).to.deep.equal(['Élodie Ørsted']);
    expect(names(search(index, 'ORST').targets)).to.deep.equal(['Élodie Ørsted']);
    expect(names(search(index, 'sø').targets)).to.deep.equal(['Søren Jimenez']);
    expect(names(search(index, 'Élo').targets)).to.deep.equal(['Élodie Ørsted']);
    expect(foldText('Łukasz Müller-Straße')).to.equal('lukasz muller-strasse');
  });

  it('finds targets by the start of their number, ignoring phone punctuation', () => {
    expect(names(search(index, '500').targets)).to.deep.equal(['Élodie Ørsted', 'Jim Miller', 'Kate Lewis']);
    expect(names(search(index, '5001').targets)).to.deep.equal(['Jim Miller']);
    expect(names(search(index, '1 555 01').targets)).to.deep.equal(['Millie Jones']);
    expect(search(index, '001').total).to.equal(0);
  });

  it('ranks an exact number before number prefixes', () => {
    const dir = [agent('a', 'Anna', '12'), agent('b', 'Bert', '1'), agent('c', 'Carl', '123')];
    expect(names(search(createDirectoryIndex(dir), '1').targets)).to.deep.equal(['Bert', 'Anna', 'Carl']);
  });

  it('filters by type', () => {
    expect(names(search(index, 'jim', { filter: 'agent' }).targets)).to.deep.equal(['Jim Miller', 'Jimmy Lee', 'Søren Jimenez']);
    expect(names(search(index, 'jim', { filter: 'queue' }).targets)).to.deep.equal(['Jim']);
    expect(names(search(index, 's', { filter: 'routing-point' }).targets)).to.deep.equal(['Sales Routing Point']);
    expect(names(search(index, '', { filter: 'queue' }).targets)).to.deep.equal(['Billing Queue', 'Jim']);
  });

  it('limits the targets returned but counts every match', () => {
    const result = search(index, 'j', { limit: 2 });
    expect(result.targets).to.have.length(2);
    expect(result.total).to.equal(5);
    expect(search(index, 'j', { limit: 0 }).targets).to.have.length(0);
  });

  it('leaves out excluded ids', () => {
    const result = search(index, 'jim', { exclude: new Set(['jim']) });
    expect(names(result.targets)).to.deep.equal(['Jim', 'Jimmy Lee', 'Søren Jimenez']);
    expect(result.total).to.equal(3);
  });

  it('returns nothing for a query with no match, and everything in name order for an empty one', () => {
    expect(search(index, 'zzz')).to.deep.equal({ targets: [], total: 0 });
    const all = search(index, '   ');
    expect(all.total).to.equal(DIRECTORY.length);
    expect(all.targets[0]!.name).to.equal('Billing Queue');
  });

  it('keeps its prepared keys when only presence changed, and gives the new targets', () => {
    const updated = DIRECTORY.map((t) => (t.id === 'jim' ? { ...t, presence: { chat: 'offline', voice: 'offline', email: 'offline' } } : t)) as DirectoryTarget[];
    const next = createDirectoryIndex(updated, index);
    const found = search(next, 'jim miller').targets[0] as AgentEntry;
    expect(found.presence.chat).to.equal('offline');
    const renamed = updated.map((t) => (t.id === 'jim' ? { ...t, name: 'James Miller' } : t));
    expect(names(search(createDirectoryIndex(renamed, next), 'jame').targets)).to.deep.equal(['James Miller']);
  });

  it('rejects bad input with a readable error', () => {
    expect(() => createDirectoryIndex('nope' as unknown as DirectoryTarget[])).to.throw(TypeError, /array/);
    expect(() => createDirectoryIndex([{ kind: 'contact', id: 'x', name: 'X' } as unknown as DirectoryTarget])).to.throw(TypeError, /entry 0/);
    expect(() => search(index, 'a', { filter: 'people' as never })).to.throw(TypeError, /unknown filter/);
    expect(() => search(index, 'a', { limit: -1 })).to.throw(TypeError, /limit/);
    expect(() => search(index, 42 as unknown as string)).to.throw(TypeError, /query/);
  });

  it('finds the right top results in a generated 50,000-entry directory', () => {
    const directory = generateDirectory(50_000);
    const big = createDirectoryIndex(directory);
    const brute = (predicate: (t: DirectoryTarget) => boolean) => directory.filter(predicate).length;

    const byName = search(big, 'jürgen mül', { limit: 50 });
    expect(byName.total).to.equal(brute((t) => /^Jürgen Müller /.test(t.name)));
    expect(byName.targets).to.have.length(50);
    for (const t of byName.targets) expect(t.name.startsWith('Jürgen Müller ')).to.equal(true);
    const sorted = [...byName.targets].map((t) => foldText(t.name)).sort();
    expect(byName.targets.map((t) => foldText(t.name))).to.deep.equal(sorted);

    const exact = directory[12_345]!;
    expect(search(big, exact.name, { limit: 1 }).targets[0]).to.equal(exact);
    expect(search(big, exact.number!, { limit: 1 }).targets[0]).to.equal(exact);

    const queues = search(big, 'billing', { filter: 'queue', limit: 50 });
    expect(queues.total).to.equal(brute((t) => t.kind === 'queue' && t.name.startsWith('Billing ')));
    for (const t of queues.targets) expect(t.kind).to.equal('queue');
  });
});
