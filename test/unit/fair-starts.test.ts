import { describe, expect, it } from 'vitest';
import { FairStarts } from '../../src/channels/http/fair-starts.js';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('FairStarts', () => {
  it('starts nothing in the turn it is given work, then one start per turn', async () => {
    const fair = new FairStarts();
    const started: string[] = [];
    for (let i = 0; i < 3; i++) fair.enqueue('a', () => started.push(`a${i}`));
    expect(started).toEqual([]);
    await turn();
    expect(started).toEqual(['a0']);
    await turn();
    await turn();
    expect(started).toEqual(['a0', 'a1', 'a2']);
  });

  it('a client arriving during a flood starts next, ahead of the flooding client', async () => {
    const fair = new FairStarts();
    const started: string[] = [];
    for (let i = 0; i < 5; i++) fair.enqueue('flood', () => started.push('flood'));
    await turn();
    await turn();
    fair.enqueue('other', () => started.push('other'));
    await turn();
    expect(started).toEqual(['flood', 'flood', 'other']);
  });

  it('clients with work waiting take turns, the one served longest ago first', async () => {
    const fair = new FairStarts();
    const started: string[] = [];
    for (let i = 0; i < 3; i++) {
      fair.enqueue('a', () => started.push('a'));
      fair.enqueue('b', () => started.push('b'));
    }
    for (let i = 0; i < 6; i++) await turn();
    expect(started).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
  });
});
