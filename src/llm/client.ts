// A minimal OpenAI-compatible chat-completions client over fetch (DeepSeek, Qwen, Ollama, …).

/** Where the LLM is. Null/undefined base URL means no LLM. */
export interface LlmSettings {
  baseUrl: string;
  apiKey?: string;
  model: string;
  /** Give up after this many milliseconds. */
  timeoutMs: number;
}

/** One chat message. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Sends the messages and returns the first choice's text. Throws on HTTP errors, timeouts and bad answers. */
export async function chatCompletion(settings: LlmSettings, messages: ChatMessage[]): Promise<string> {
  const url = `${settings.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(settings.apiKey ? { authorization: `Bearer ${settings.apiKey}` } : {}) },
    body: JSON.stringify({ model: settings.model, messages, temperature: 0.2, stream: false }),
    signal: AbortSignal.timeout(settings.timeoutMs),
  });
  if (!response.ok) throw new Error(`LLM HTTP ${response.status}`);
  const body = (await response.json()) as { choices?: { message?: { content?: unknown } }[] };
  const content = body.choices?.[0]?.message?.content;
  if (typeof content !== 'string' || !content.trim()) throw new Error('LLM returned no text');
  return content.trim();
}

/** The LLM settings from the app config, or null when no LLM is configured. */
export function llmSettingsFrom(config: { LLM_BASE_URL?: string | undefined; LLM_API_KEY?: string | undefined; LLM_MODEL?: string | undefined; LLM_TIMEOUT_MS: number }): LlmSettings | null {
  if (!config.LLM_BASE_URL || !config.LLM_MODEL) return null;
  return { baseUrl: config.LLM_BASE_URL, model: config.LLM_MODEL, timeoutMs: config.LLM_TIMEOUT_MS, ...(config.LLM_API_KEY ? { apiKey: config.LLM_API_KEY } : {}) };
}
