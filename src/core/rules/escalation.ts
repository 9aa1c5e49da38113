// The escalation ladder on consecutive misses. Pure.
//   step 1 (first miss): the owner is nudged privately;
//   step 2 (second in a row): the responsible leader is told privately as well;
//   step 3+ (third in a row): the project is listed as 连续未报 in the group standings as well.
// The thresholds of steps 2 and 3 come from the org's settings (escalation.leaderAfter / standingsAfter).
// Overdue 督办 items climb the same ladder, counted in weeks past their 期限
// (supervision/item-rules.ts overdueActions).

/** How a project's week ended. 'paused' (停工 / 请假) is not a miss and ends a run of misses. */
export type WeekOutcome = 'reported' | 'late' | 'missing' | 'paused';

/** 0: nothing; 1: nudge the owner; 2: tell the leader; 3: list as 连续未报 in the standings. */
export type LadderStep = 0 | 1 | 2 | 3;

/** The org's thresholds (settings.escalation). */
export interface EscalationThresholds {
  /** Misses in a row from which the leader is told (default 2). */
  leaderAfter: number;
  /** Misses in a row from which the project is listed as 连续未报 (default 3). */
  standingsAfter: number;
}

/** Leader told on the second miss in a row, 连续未报 on the third. */
export const DEFAULT_THRESHOLDS: EscalationThresholds = { leaderAfter: 2, standingsAfter: 3 };

/**
 * The number of misses in a row at the end of `outcomes` (oldest first, the week in question last).
 * A late filing (补报) counts as filed; a paused week ends the run.
 */
export function consecutiveMisses(outcomes: readonly WeekOutcome[]): number {
  let count = 0;
  for (let i = outcomes.length - 1; i >= 0 && outcomes[i] === 'missing'; i -= 1) count += 1;
  return count;
}

/** The highest ladder step a run of `misses` misses in a row reaches. */
export function ladderStep(misses: number, thresholds: EscalationThresholds = DEFAULT_THRESHOLDS): LadderStep {
  const actions = escalationActions(misses, thresholds);
  if (actions.listInStandings) return 3;
  if (actions.tellLeader) return 2;
  return actions.nudgeOwner ? 1 : 0;
}

/** What each step does. Steps accumulate: at step 3 the owner is still nudged and the leader told. */
export interface EscalationActions {
  nudgeOwner: boolean;
  tellLeader: boolean;
  listInStandings: boolean;
}

/** The actions for a run of misses. */
export function escalationActions(misses: number, thresholds: EscalationThresholds = DEFAULT_THRESHOLDS): EscalationActions {
  return {
    nudgeOwner: misses >= 1,
    tellLeader: misses >= thresholds.leaderAfter,
    listInStandings: misses >= thresholds.standingsAfter,
  };
}
