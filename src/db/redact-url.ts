// A connection string safe to print: the password in the user-info part and any secret-looking query
// parameter (password=, sslpassword=, token=, secret=…) replaced by ***. Pure.

const SECRET_PARAM = /pass|secret|token|api[_-]?key/i;

/** The URL with every password or secret replaced by ***; text that is not a URL comes back with the same rules applied. */
export function redactUrl(url: string): string {
  // User info ends at the last "@" of the authority, so a password holding "@" is hidden whole.
  const withoutUserPassword = url.replace(/^([a-z][\w+.-]*:\/\/)([^/?#]*)@/i, (_whole, scheme: string, userInfo: string) => {
    const colon = userInfo.indexOf(':');
    return `${scheme}${colon < 0 ? userInfo : `${userInfo.slice(0, colon)}:***`}@`;
  });
  return withoutUserPassword.replace(/([?&;])([^=&#;]+)=([^&#;]*)/g, (whole, sep: string, name: string) =>
    SECRET_PARAM.test(decodeName(name)) ? `${sep}${name}=***` : whole,
  );
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
