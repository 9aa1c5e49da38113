// The schedule area's chat commands, for the core router to dispatch: /settings, /remind,
// /holiday, /workday, /pause, /leave, /resume (each checks its own permissions).
import type { PersonContext, Reply } from '../commands/context.ts';
import { calendarCommand } from './calendar-overrides.ts';
import { leaveCommand, pauseCommand, resumeCommand } from './pause.ts';
import { remindCommand } from './remind-now.ts';
import { settingsCommand } from './settings-command.ts';

/** The commands of this area with their Chinese aliases (usable with or without "/"). */
export const SCHEDULE_COMMANDS = [
  { name: 'settings', alias: '设置' },
  { name: 'remind', alias: '提醒' },
  { name: 'holiday', alias: '假日' },
  { name: 'workday', alias: '调休' },
  { name: 'pause', alias: '暂停' },
  { name: 'leave', alias: '请假' },
  { name: 'resume', alias: '恢复' },
] as const;

/** A command of the schedule area. */
export type ScheduleCommandName = (typeof SCHEDULE_COMMANDS)[number]['name'];

/** Chinese alias → command name, in the shape of rules/command.ts's CHINESE_ALIASES. */
export const SCHEDULE_ALIASES: Record<string, ScheduleCommandName> = Object.fromEntries(SCHEDULE_COMMANDS.map((c) => [c.alias, c.name]));

/** Whether a command name belongs to the schedule area. */
export function isScheduleCommand(name: string): name is ScheduleCommandName {
  return SCHEDULE_COMMANDS.some((c) => c.name === name);
}

/** Runs a schedule command; null when `name` is not one of them. */
export async function scheduleCommand(ctx: PersonContext, name: string): Promise<Reply[] | null> {
  if (!isScheduleCommand(name)) return null;
  switch (name) {
    case 'settings':
      return settingsCommand(ctx);
    case 'remind':
      return remindCommand(ctx);
    case 'holiday':
      return calendarCommand(ctx, 'holiday');
    case 'workday':
      return calendarCommand(ctx, 'workday');
    case 'pause':
      return pauseCommand(ctx);
    case 'leave':
      return leaveCommand(ctx);
    case 'resume':
      return resumeCommand(ctx);
  }
}
