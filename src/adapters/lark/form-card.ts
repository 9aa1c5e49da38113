// The report form card (JSON 2.0 form container): project, 形象进度, 本周完成投资, 累计完成投资,
// 本周进展, 存在问题, 下周计划 and a submit button whose callback carries the chat the form was
// opened from. Labels show in the reader's app language. Pure.
import type { ChatKind, Locale } from '../../core/model.ts';
import { LARK_ACTIONS } from './decode.ts';
import { FORM_FIELDS, MULTILINE_FIELDS, type FormField } from './form.ts';
import { buttonElement, type Card } from './render.ts';
import { plainI18n, type LarkKey } from './texts.ts';

export interface FormCardOptions {
  locale: Locale;
  /** The project the reminder was about, filled in (editable). */
  project?: string;
  /** The chat the form was opened from: the receipt is posted there. */
  chat: { id: string; kind: ChatKind };
}

/** The report form as a card. */
export function renderFormCard(options: FormCardOptions): Card {
  const { locale, project, chat } = options;
  const inputs = FORM_FIELDS.map((name) => input(name, locale, name === 'project' ? project : undefined));
  const submit = {
    ...buttonElement(plainI18n(locale, 'lark.form.submit'), 'primary', { action: LARK_ACTIONS.submitForm, chat: chat.id, k: chat.kind === 'private' ? 'p' : 'g' }),
    name: 'submit',
    form_action_type: 'submit',
  };
  return {
    schema: '2.0',
    config: { update_multi: true },
    header: {
      title: project ? plainI18n(locale, 'lark.form.title_project', { project }) : plainI18n(locale, 'lark.form.title'),
      template: 'blue',
    },
    body: {
      elements: [
        { tag: 'markdown', content: plainI18n(locale, 'lark.form.hint').content, i18n_content: plainI18n(locale, 'lark.form.hint').i18n_content },
        { tag: 'form', name: 'report_form', elements: [...inputs, submit] },
      ],
    },
  };
}

function input(name: FormField, locale: Locale, value: string | undefined): Record<string, unknown> {
  const multiline = MULTILINE_FIELDS.has(name);
  return {
    tag: 'input',
    name,
    // 形象进度 is what every report must carry (the grammar requires it); the client checks it too.
    required: name === 'progress',
    label: plainI18n(locale, `lark.form.${name}` as LarkKey),
    label_position: 'top',
    placeholder: plainI18n(locale, `lark.form.${name}.placeholder` as LarkKey),
    ...(value ? { default_value: value } : {}),
    ...(multiline ? { input_type: 'multiline_text', rows: 2, auto_resize: true, max_rows: 6, max_length: 1000 } : { max_length: 100 }),
  };
}
