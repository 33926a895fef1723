/* The analyzer's JSON API, relative to the page (/report/ → ../v1/), so that a path prefix in front of it works. */

const API = '../v1/';

/** An answer that is not the JSON asked for; `status` 0 when nothing answered, `body` the API's error JSON. */
export class ApiError extends Error {
  constructor(message, status, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

/** GET `path` under the API as JSON; ApiError with the API's own words when it answers an error. */
export async function getJson(path) {
  let response;
  try {
    response = await fetch(API + path, {headers: {Accept: 'application/json'}});
  } catch (e) {
    throw new ApiError('the analyzer did not answer (' + e.message + '): is it running, and reachable from this browser?', 0, null);
  }
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch (e) {
    body = null;
  }
  if (response.status === 401) {
    throw new ApiError('the analyzer wants a bearer token for reads (energy-analyzer.auth.reads=token), which this page does not send: '
        + 'open it through a proxy that adds one, or ask the operator to keep reads open', 401, body);
  }
  if (!response.ok) {
    const reason = body && typeof body.error === 'string' ? body.error : (response.status + ' ' + response.statusText).trim();
    throw new ApiError(reason, response.status, body);
  }
  if (body == null) {
    throw new ApiError('the analyzer answered ' + path + ' with something that is not JSON', response.status, null);
  }
  return body;
}

export function programQuery(names) {
  const query = new URLSearchParams();
  names.forEach((name) => query.append('program', name));
  return query.toString();
}

/** `href` of an API path, for links. */
export function apiUrl(path) {
  return API + path;
}
