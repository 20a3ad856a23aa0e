import { describe, expect, it } from 'vitest';
import { keyboardStep } from './boardLayout.ts';
import { sharesOf, usernamesOf } from './boardShares.ts';

describe('the share dialog’s parts', () => {
  it('read usernames and codes however they are separated, each once, and become shares', () => {
    expect(usernamesOf(' yuanban, jizhen，yuanban、 xinnei ;admin ')).toEqual(['yuanban', 'jizhen', 'xinnei', 'admin']);
    expect(usernamesOf('   ')).toEqual([]);
    expect(sharesOf(['viewer'], ['0101'], ['yuanban'])).toEqual([
      { kind: 'role', role: 'viewer' },
      { kind: 'department', department: '0101' },
      { kind: 'user', username: 'yuanban' },
    ]);
  });
});

describe('keyboardStep', () => {
  it('moves with the arrows and resizes with Shift', () => {
    expect(keyboardStep({ key: 'ArrowLeft', shiftKey: false })).toEqual({ kind: 'move', dx: -1, dy: 0 });
    expect(keyboardStep({ key: 'ArrowDown', shiftKey: true })).toEqual({ kind: 'resize', dw: 0, dh: 1 });
    expect(keyboardStep({ key: 'Enter', shiftKey: false })).toBeNull();
  });
});
