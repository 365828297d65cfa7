/** A directory CSV of `count` rows; rows whose index is in `bad` carry one mistake each (cycling through kinds). */
export function directoryCsv(count: number, bad: Set<number> = new Set(), prefix = 'user'): string {
  const mistakes = [
    (i: number) => `${prefix} ${i},${prefix}${i}@example.com,User ${i},,false,,`, // space in username
    (i: number) => `${prefix}${i},not-an-email,User ${i},,false,,`,
    (i: number) => `${prefix}${i},${prefix}${i}@example.com,User ${i},,maybe,,`,
    (i: number) => `${prefix}${i},${prefix}${i}@example.com,User ${i},,false,No such policy,`,
    (i: number) => `${prefix}${i},${prefix}${i}@example.com,User ${i},,false,,31/12/2025`,
  ];
  const lines = ['username,email,display_name,chat_id,privileged,policy,password_changed_at'];
  let mistake = 0;
  for (let i = 0; i < count; i++) {
    if (bad.has(i)) lines.push(mistakes[mistake++ % mistakes.length]!(i));
    else
      lines.push(
        `${prefix}${i},${prefix}${i}@example.com,User ${i},,${i % 17 === 0},${i % 3 === 0 ? 'Corporate' : ''},2026-0${1 + (i % 9)}-15`,
      );
  }
  return `${lines.join('\r\n')}\r\n`;
}
