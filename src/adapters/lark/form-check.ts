// Checks a submitted report form with the core's value rules before it is accepted, so a field error comes
// back at once as a toast (the form keeps what was typed) and nothing is stored. Whatever needs the
// store (the project, permissions, neighbouring weeks) is decided by the core afterwards. Pure.
import { translator, type MessageKey } from '../../core/messages/catalog/index.ts';
import { fieldLabelKey } from '../../core/rules/submission/index.ts';
import type { Locale } from '../../core/model.ts';
import { isEmptyForm, readForm, type FormFields } from './form.ts';
import { larkI18n, larkText } from './texts.ts';

/** A problem to show the person who submitted, in both languages. */
export interface FormProblem {
  zh_cn: string;
  en_us: string;
}

/** Fields that have no label of their own in the catalog. */
const UNLABELLED = new Set(['project', 'line', 'body']);

/** Null when the form reads as a report; otherwise the first problem, ready for a toast. */
export function checkForm(form: FormFields): FormProblem | null {
  if (isEmptyForm(form)) return larkI18n('lark.toast.empty');
  const parsed = readForm(form);
  if (parsed.ok) return null;
  const error = parsed.errors[0];
  if (!error) return null;
  const describe = (locale: Locale) => {
    const t = translator(locale);
    const problem = t(error.key as MessageKey, error.params);
    if (UNLABELLED.has(error.field)) return problem;
    return larkText(locale, 'lark.toast.field_error', { field: t(fieldLabelKey(error.field as never) as MessageKey), problem });
  };
  return { zh_cn: describe('zh-CN'), en_us: describe('en') };
}
