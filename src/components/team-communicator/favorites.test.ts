import { expect } from '@open-wc/testing';
import { RECENT_LIMIT, TargetLists, targetListsKey, type TargetListStorage } from './favorites.js';

class MemoryStorage implements TargetListStorage {
  readonly data = new Map<string, string>();
  getItem(key: string): string | null {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.data.set(key, value);
  }
}

const throwing: TargetListStorage = {
  getItem() {
    throw new Error('SecurityError');
  },
  setItem() {
    throw new Error('QuotaExceededError');
  },
};

describe('team communicator favorites and recent', () => {
  it('toggles favorites and keeps them for the next instance of the same user', () => {
    const storage = new MemoryStorage();
    const lists = new TargetLists({ userId: 'kate', storage });
    expect(lists.toggleFavorite('jim')).to.equal(true);
    expect(lists.toggleFavorite('q-billing')).to.equal(true);
    expect(new TargetLists({ userId: 'kate', storage }).favoriteIds).to.deep.equal(['jim', 'q-billing']);
    expect(lists.toggleFavorite('jim')).to.equal(false);
    expect(new TargetLists({ userId: 'kate', storage }).favoriteIds).to.deep.equal(['q-billing']);
  });

  it('keeps each user to their own lists', () => {
    const storage = new MemoryStorage();
    new TargetLists({ userId: 'kate', storage }).toggleFavorite('jim');
    expect(new TargetLists({ userId: 'jim', storage }).favoriteIds).to.deep.equal([]);
    expect([...storage.data.keys()]).to.deep.equal([targetListsKey('kate')]);
  });

  it('keeps the latest ten recent targets, latest first, without repeats', () => {
    const storage = new MemoryStorage();
    const lists = new TargetLists({ userId: 'kate', storage });
    for (let i = 0; i < 12; i++) lists.recordRecent(`t${i}`);
    lists.recordRecent('t5');
    const recent = new TargetLists({ userId: 'kate', storage }).recentIds;
    expect(recent).to.have.length(RECENT_LIMIT);
    expect(recent.slice(0, 3)).to.deep.equal(['t5', 't11', 't10']);
    expect(new Set(recent).size).to.equal(RECENT_LIMIT);
  });

  it('works in memory when the storage throws', () => {
    const lists = new TargetLists({ userId: 'kate', storage: throwing });
    expect(lists.toggleFavorite('jim')).to.equal(true);
    lists.recordRecent('jim');
    expect(lists.favoriteIds).to.deep.equal(['jim']);
    expect(lists.recentIds).to.deep.equal(['jim']);
  });

  it('starts empty from a corrupted stored value', () => {
    const storage = new MemoryStorage();
    storage.setItem(targetListsKey('kate'), '{not json');
    expect(new TargetLists({ userId: 'kate', storage }).favoriteIds).to.deep.equal([]);
    storage.setItem(targetListsKey('kate'), JSON.stringify({ favorites: ['a', 3, 'a', null, 'b'], recent: 'x' }));
    const lists = new TargetLists({ userId: 'kate', storage });
    expect(lists.favoriteIds).to.deep.equal(['a', 'b']);
    expect(lists.recentIds).to.deep.equal([]);
  });

  it('rejects a missing user or target id', () => {
    expect(() => new TargetLists({ userId: '' })).to.throw(TypeError, /userId/);
    const lists = new TargetLists({ userId: 'kate', storage: null });
    expect(() => lists.toggleFavorite('')).to.throw(TypeError, /targetId/);
    expect(lists.favoriteIds).to.deep.equal([]);
  });
});
