import { defineMessages } from './define.ts';

/** The sandbox's own lines (the terminal chat). */
export const sandbox = defineMessages(
  {
    'sandbox.banner': '本地沙盒聊天（{org}）。以 : 开头的是沙盒指令：:as 姓名、:dm、:group、:clock 2026-11-19T16:00、:import 文件、:who、:help、:quit。行末加 \\ 可以续行。',
    'sandbox.no_org': '还没有项目清单。用 :import 项目清单.xlsx 导入，或退出后运行 npm start -- --demo 看演示。',
    'sandbox.speaker': '现在以「{name}」的身份在{where}发言。',
    'sandbox.where.group': '群里',
    'sandbox.where.dm': '与机器人的私聊中',
    'sandbox.to.group': '群',
    'sandbox.to.dm': '私聊 → {name}',
    'sandbox.clock': '时钟：{time}（{zone}）',
    'sandbox.clock.bad': '看不懂这个时间：「{value}」。请写成 2026-11-19T16:00 这样（按 {zone} 时间）。',
    'sandbox.unknown_control': '不认识的沙盒指令「{control}」。发送 :help 查看。',
    'sandbox.as.usage': '用法：:as 姓名。项目清单上的人：{names}',
    'sandbox.as.unknown': '项目清单上没有「{name}」；仍以此身份发言（未绑定的账号）。',
    'sandbox.people': '项目清单上的人：{names}',
    'sandbox.bye': '再见。',
    'sandbox.import.usage': '用法：:import 文件路径 [--dry-run]',
  },
  {
    'sandbox.banner': 'Local sandbox chat ({org}). Lines starting with : are sandbox controls: :as <name>, :dm, :group, :clock 2026-11-19T16:00, :import <file>, :who, :help, :quit. End a line with \\ to continue it.',
    'sandbox.no_org': 'There is no project list yet. Import one with :import projects.xlsx, or quit and run npm start -- --demo for the demo.',
    'sandbox.speaker': 'Speaking as "{name}" {where}.',
    'sandbox.where.group': 'in the group',
    'sandbox.where.dm': 'in a private chat with the bot',
    'sandbox.to.group': 'group',
    'sandbox.to.dm': 'DM → {name}',
    'sandbox.clock': 'Clock: {time} ({zone})',
    'sandbox.clock.bad': 'Cannot read the time "{value}". Write it like 2026-11-19T16:00 ({zone} time).',
    'sandbox.unknown_control': 'Unknown sandbox control "{control}". Send :help to see them.',
    'sandbox.as.usage': 'Usage: :as <name>. People in the project list: {names}',
    'sandbox.as.unknown': '"{name}" is not in the project list; speaking as an unbound account.',
    'sandbox.people': 'People in the project list: {names}',
    'sandbox.bye': 'Bye.',
    'sandbox.import.usage': 'Usage: :import <file path> [--dry-run]',
  },
);
