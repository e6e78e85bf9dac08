import { describe, expect, it } from 'vitest';
import { formatJapaneseDate, parseJapaneseDate } from './JapaneseDate.ts';

describe('dates as the card prints them', () => {
  it.each([
    ['昭和55年 2月17日生', '1980-02-17'],
    ['昭和５５年　２月１７日', '1980-02-17'],
    ['S55.2.17', '1980-02-17'],
    ['平成元年1月8日', '1989-01-08'],
    ['令和2年2月24日生', '2020-02-24'],
    ['1980年 2月17日生', '1980-02-17'],
    ['2035年 2月17日まで有効', '2035-02-17'],
    ['1980-02-17', '1980-02-17'],
  ])('reads %s as %s', (text, iso) => {
    expect(parseJapaneseDate(text)).toBe(iso);
  });

  it.each(['昭和64年2月1日', '令和1年4月30日', '2035年2月30日', '昭和55年', 'yesterday'])('refuses %s', (text) => {
    expect(parseJapaneseDate(text)).toBeNull();
  });

  it('writes 和暦 as the card does, 元年 included', () => {
    expect(formatJapaneseDate('1980-02-17')).toBe('昭和55年2月17日');
    expect(formatJapaneseDate('1989-01-08')).toBe('平成元年1月8日');
  });
});
