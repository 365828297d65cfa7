import { catchUpDaysSince, dueDayRanges, dueMilestone } from './milestones';

describe(dueMilestone.name, () => {
  const days = [7, 3, 0];

  it.each([
    [7, 7],
    [3, 3],
    [0, 0],
    [8, null],
    [6, null],
    [2, null],
    [-1, null],
  ])('on a daily run, %i days left → milestone %p', (daysLeft, expected) => {
    expect(dueMilestone(daysLeft, days, 1)).toBe(expected);
  });

  it('after missed days sends only the most urgent milestone passed since the last run', () => {
    // Last run four days ago, when 4 days were left: the 3-day and 0-day milestones both passed; only 0 goes.
    expect(dueMilestone(0, days, 4)).toBe(0);
    expect(dueMilestone(2, days, 4)).toBe(3);
    // Nothing passed since the last run: nothing to catch up.
    expect(dueMilestone(12, days, 4)).toBeNull();
  });

  it('honours a policy with other reminder days', () => {
    expect([14, 7, 1, 3, 0].map((left) => dueMilestone(left, [14, 7, 1], 1))).toEqual([14, 7, 1, null, null]);
  });
});

describe(dueDayRanges.name, () => {
  it('reads only the milestone days on a daily run', () => {
    expect(dueDayRanges([7, 3, 0, 14, 7, 1], 1)).toEqual([
      [0, 1],
      [3, 3],
      [7, 7],
      [14, 14],
    ]);
  });

  it('widens each milestone back over the missed days and merges what overlaps', () => {
    expect(dueDayRanges([7, 3, 0], 3)).toEqual([
      [-2, 3],
      [5, 7],
    ]);
  });
});

describe(catchUpDaysSince.name, () => {
  it('covers one day on the first run and on daily runs, the gap after missed days, capped past the largest milestone', () => {
    expect(catchUpDaysSince(null, 7)).toBe(1);
    expect(catchUpDaysSince(1, 7)).toBe(1);
    expect(catchUpDaysSince(4, 7)).toBe(4);
    expect(catchUpDaysSince(40, 7)).toBe(8);
    expect(catchUpDaysSince(0, 7)).toBe(1);
  });
});
