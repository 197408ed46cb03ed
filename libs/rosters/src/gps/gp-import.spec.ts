import { describe, expect, it } from '@jest/globals';
import { GpKind, Qualification } from '../entities/gp.entity.js';
import { readCsv } from './csv.js';
import { byEmployer, GP_CSV_LAYOUT, planGpImport, type ExistingGp } from './gp-import.js';
import { gpProblems, isIsoDate } from './gp-rules.js';

const HEADER = 'name,email,kind,qualifications,employer_email,practice_patients,fte,fixed_minimum_hours,carve_out_percent,joined_on,left_on,phone';
const plan = (lines: string[], existing: ExistingGp[] = []) => planGpImport(readCsv([HEADER, ...lines].join('\n'), GP_CSV_LAYOUT), existing);

describe(planGpImport.name, () => {
  it('reads good rows, Dutch kind names and decimal commas included', () => {
    const sut = plan([
      'Dr. A,A@X.nl,praktijkhouder,consult; visite,,2400,1,,,2020-01-01,,075-1',
      'Dr. B,b@x.nl,hidha,consult,a@x.nl,,"0,6",,25,,,',
      'Dr. C,c@x.nl,locum,,,,,50,,,,',
    ]);
    expect(sut.problems).toEqual([]);
    expect(sut.rows[0].fields).toMatchObject({ kind: GpKind.PracticeHolder, email: 'a@x.nl', qualifications: [Qualification.Consult, Qualification.Visite], practicePatients: 2400, joinedOn: '2020-01-01', phone: '075-1' });
    expect(sut.rows[1]).toMatchObject({ employerEmail: 'a@x.nl', fields: { kind: GpKind.Employed, fte: 0.6, carveOutPercent: 25 } });
    expect(sut.rows[2].fields).toMatchObject({ kind: GpKind.Locum, fixedMinimumHours: 50, qualifications: [] });
  });

  it('reports every bad row with its line, field and a Dutch reason', () => {
    const sut = plan([
      'Dr. A,a@x.nl,chirurg,consult,,,,,,,,',
      'Dr. B,geen-mail,locum,astronaut,,veel,,,,2027-02-30,,',
      ',c@x.nl,employed,consult,,,,,,,,',
      'Dr. D,d@x.nl,locum,,,,,,30,2027-05-01,2027-04-01,',
    ]);
    expect(sut.problems.map((p) => [p.line, p.field])).toEqual([
      [2, 'kind'],
      [3, 'qualifications'],
      [3, 'practice_patients'],
      [3, 'email'],
      [3, 'joined_on'],
      [4, 'name'],
      [4, 'employer_email'],
      [5, 'carve_out_percent'],
      [5, 'left_on'],
    ]);
    expect(sut.problems[0].message).toMatch(/onbekende soort "chirurg"/);
    expect(sut.problems[6].message).toMatch(/HIDHA .* werkgever/);
  });

  it('finds duplicate e-mails in the file and in the HDS, case-insensitively', () => {
    const sut = plan(['Dr. A,a@x.nl,locum,,,,,,,,,', 'Dr. A2,A@x.nl,locum,,,,,,,,,', 'Dr. E,e@x.nl,locum,,,,,,,,,'], [{ id: 'e1', email: 'E@x.nl', kind: GpKind.Locum }]);
    expect(sut.problems).toEqual([
      { line: 3, field: 'email', message: 'e-mailadres a@x.nl staat ook op regel 2' },
      { line: 4, field: 'email', message: 'er is al een huisarts met e-mailadres e@x.nl in deze HDS' },
    ]);
  });

  it('accepts an employer in the HDS or anywhere in the file, and only a practice holder', () => {
    const existing = [
      { id: 'h1', email: 'holder@x.nl', kind: GpKind.PracticeHolder },
      { id: 'l1', email: 'locum@x.nl', kind: GpKind.Locum },
    ];
    const sut = plan(
      [
        'Dr. B,b@x.nl,employed,,later@x.nl,,,,,,,',
        'Dr. C,c@x.nl,employed,,holder@x.nl,,,,,,,',
        'Dr. D,d@x.nl,employed,,locum@x.nl,,,,,,,',
        'Dr. E,e@x.nl,employed,,nobody@x.nl,,,,,,,',
        'Dr. F,f@x.nl,employed,,f@x.nl,,,,,,,',
        'Dr. L,later@x.nl,practiceHolder,,,,,,,,,',
      ],
      existing,
    );
    expect(sut.problems.map((p) => [p.line, p.message])).toEqual([
      [4, 'werkgever locum@x.nl is geen praktijkhouder'],
      [5, 'werkgever nobody@x.nl niet gevonden in deze HDS of in het bestand'],
      [6, 'een HIDHA kan niet zijn of haar eigen werkgever zijn'],
    ]);
    const groups = byEmployer(sut.rows);
    expect(groups.withoutEmployer.map((r) => r.fields.email)).toEqual(['later@x.nl']);
    expect(groups.withEmployer.map((r) => r.fields.email)).toEqual(['b@x.nl', 'c@x.nl', 'd@x.nl', 'e@x.nl', 'f@x.nl']);
  });
});

describe(gpProblems.name, () => {
  const base = { kind: GpKind.Locum, name: 'Dr. A', email: 'a@x.nl', phone: null, qualifications: [], practicePatients: null, fte: null, fixedMinimumHours: null, carveOutPercent: null, joinedOn: null, leftOn: null, hasEmployer: false };

  it.each([
    [{}, []],
    [{ kind: GpKind.Employed }, ['employerGpId']],
    [{ kind: GpKind.Employed, hasEmployer: true, carveOutPercent: 101 }, ['carveOutPercent']],
    [{ hasEmployer: true, carveOutPercent: 10 }, ['employerGpId', 'carveOutPercent']],
    [{ fte: 0.333 }, ['fte']],
    [{ fte: 2.5 }, ['fte']],
    [{ practicePatients: -1 }, ['practicePatients']],
    [{ joinedOn: '2027-01-02', leftOn: '2027-01-01' }, ['leftOn']],
    [{ joinedOn: '2027-01-01', leftOn: '2027-01-01' }, []],
  ])('%j → %j', (change, fields) => {
    expect(gpProblems({ ...base, ...change }).map((p) => p.field)).toEqual(fields);
  });

  it('knows real dates', () => {
    expect(['2024-02-29', '2027-12-31'].map(isIsoDate)).toEqual([true, true]);
    expect(['2027-02-29', '2027-13-01', '27-01-01', '2027-1-1'].map(isIsoDate)).toEqual([false, false, false, false]);
  });
});
