// Runs once before all test files. Integration tests create their own databases (tests/support/db.ts).
export default function setup(): void {
  process.env.TZ ??= 'UTC';
}
