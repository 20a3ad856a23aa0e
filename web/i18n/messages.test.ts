import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { zhCN } from './zh-CN.ts';

type MessageTree = { readonly [key: string]: string | MessageTree };

/** Every message as [dotted key, text], the way i18next looks them up. */
function flatten(tree: MessageTree, prefix = ''): Array<[string, string]> {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [[prefix + key, value] as [string, string]] : flatten(value, `${prefix}${key}.`),
  );
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((match) => match[1] ?? '').sort();
}

const zhMessages = new Map(flatten(zhCN));
const enMessages = new Map(flatten(en));

describe('zh-CN and en messages', () => {
  it('have identical key sets', () => {
    expect([...enMessages.keys()].sort()).toEqual([...zhMessages.keys()].sort());
  });

  it('use the same interpolation variables for each key', () => {
    for (const [key, zhText] of zhMessages) {
      expect(placeholders(enMessages.get(key) ?? ''), key).toEqual(placeholders(zhText));
    }
  });

  it('have no empty text', () => {
    for (const [key, text] of [...zhMessages, ...enMessages]) expect(text.trim(), key).not.toBe('');
  });

  it('write Chinese in zh-CN wherever the English is more than a name', () => {
    // Catches a key copied into zh-CN from en and never translated. Names such as
    // "HIS" or the toggle's "English" are legitimately the same in both.
    const untranslated = [...zhMessages].filter(
      ([key, zhText]) => zhText === enMessages.get(key) && /\s/.test(zhText) && !/\p{Script=Han}/u.test(zhText),
    );
    expect(untranslated).toEqual([]);
  });
});
