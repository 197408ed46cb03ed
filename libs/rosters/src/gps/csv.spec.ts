import { describe, expect, it } from '@jest/globals';
import { countValid, parseDecimal, parseInteger, readCsv, type CsvLayout } from './csv.js';

const LAYOUT: CsvLayout = { required: ['name', 'email'], optional: ['phone'], maxRows: 3 };

describe(readCsv.name, () => {
  it('keys rows by header, numbers lines as a spreadsheet does and fills absent optional columns', () => {
    const sut = readCsv('\ufeffName,Email\r\nJan,jan@x.nl\r\n\r\n"De Vries, A.",a@x.nl\r\n', LAYOUT);
    expect(sut.problems).toEqual([]);
    expect(sut.rows).toEqual([
      { line: 2, values: { name: 'Jan', email: 'jan@x.nl', phone: '' } },
      { line: 4, values: { name: 'De Vries, A.', email: 'a@x.nl', phone: '' } },
    ]);
  });

  it('gives a record that spans lines the line it starts on', () => {
    const sut = readCsv('name,email\n"Jan\nde Vries",jan@x.nl\nPiet,p@x.nl\n', LAYOUT);
    expect(sut.rows.map((r) => r.line)).toEqual([2, 4]);
  });

  it('reports a missing, an unknown and a repeated column on line 1 and reads no rows', () => {
    const sut = readCsv('name,fax,name\nJan,1,Jan\n', LAYOUT);
    expect(sut.rows).toEqual([]);
    expect(sut.problems.map((p) => [p.line, p.field])).toEqual([
      [1, 'email'],
      [1, 'fax'],
      [1, 'name'],
    ]);
  });

  it('reports a wrong number of fields and broken quoting per line, and keeps the good rows', () => {
    const sut = readCsv('name,email\nJan,j@x.nl,extra\nPiet,p@x.nl\nKees "K",k@x.nl\n', LAYOUT);
    expect(sut.rows.map((r) => r.line)).toEqual([3]);
    expect(sut.problems.map((p) => p.line)).toEqual([2, 4]);
    expect(sut.problems[0].message).toMatch(/3 velden, de kopregel 2/);
    expect(sut.problems[1].message).toMatch(/aanhalingsteken/);
  });

  it('explains a file separated by semicolons', () => {
    expect(readCsv('name;email\nJan;jan@x.nl\n', LAYOUT).problems).toEqual([{ line: 1, field: '', message: expect.stringMatching(/puntkomma/) }]);
  });

  it('refuses an empty file, a file with only a header and one with too many rows', () => {
    expect(readCsv('', LAYOUT).problems[0].message).toMatch(/leeg/);
    expect(readCsv('name,email\n', LAYOUT).problems[0].message).toMatch(/alleen een kopregel/);
    const tooMany = readCsv('name,email\na,a@x.nl\nb,b@x.nl\nc,c@x.nl\nd,d@x.nl\n', LAYOUT);
    expect(tooMany.rows).toEqual([]);
    expect(tooMany.problems).toEqual([{ line: 5, field: '', message: expect.stringMatching(/hoogstens 3 regels/) }]);
  });

  it('counts the rows without a problem', () => {
    expect(countValid([{ line: 2 }, { line: 3 }, { line: 4 }], [{ line: 3, field: 'a', message: '' }, { line: 3, field: 'b', message: '' }])).toBe(2);
  });
});

describe('number fields', () => {
  it.each([
    ['', null, null],
    ['12', 12, 12],
    ['-3', -3, -3],
    ['0,8', undefined, 0.8],
    ['0.75', undefined, 0.75],
    ['1e3', undefined, undefined],
    ['acht', undefined, undefined],
  ])('%j → integer %j, decimal %j', (text, integer, decimal) => {
    expect(parseInteger(text)).toBe(integer);
    expect(parseDecimal(text)).toBe(decimal);
  });
});
