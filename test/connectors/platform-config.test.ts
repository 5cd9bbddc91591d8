import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load';
import { problemsOf } from '../support/config-problems';

describe('platform options at start-up', () => {
  it('accepts every platform with its minimal options and fills the documented defaults', () => {
    const config = parseConfig(`
profiles:
  servicenow: { mode: url, platform: servicenow, platformOptions: { instanceUrl: 'https://acme.service-now.com/' } }
  connect-chat: { mode: url, platform: servicenow-connect-chat, platformOptions: { instanceUrl: 'https://acme.service-now.com', queue: q1 } }
  awa: { mode: url, platform: servicenow-awa, platformOptions: { instanceUrl: 'https://acme.service-now.com' } }
  five9: { mode: url, platform: five9, platformOptions: { tenant: acme, profiles: IT } }
  incontact: { mode: url, platform: incontact, platformOptions: { chatClientUrl: 'https://home-c32.incontact.com/inContact/ChatClient/ChatClient.aspx', pointOfContact: p, businessUnit: 1 } }
  bt-url: { mode: url, platform: beyondtrust, platformOptions: { siteUrl: 'https://support.example.com' } }
  bt-api: { mode: api, platform: beyondtrust, platformOptions: { siteUrl: 'https://support.example.com', auth: { clientId: '\${BT_ID}', clientSecret: '\${BT_SECRET}' } } }
  compucom: { mode: url, platform: compucom, platformOptions: { urlTemplate: 'https://chat.compucom.example/?q={lastUtterance}' } }
  intrasee: { mode: url, platform: intrasee, platformOptions: { urlTemplate: 'https://intrasee.example/chat#{lastUtterance}' } }
  generic-url: { mode: url, platform: generic-url, platformOptions: { urlTemplate: 'http://localhost:8080/chat?q={lastUtterance}' } }
  generic-api: { mode: api, platform: generic-api, platformOptions: { request: { url: 'https://queue.example.com/q' }, response: { joinUrl: url } } }
  vayusphere: { mode: api, platform: vayusphere, platformOptions: { baseUrl: 'https://acme.vayusphere.example/', apiKey: '\${VAYU_KEY}' } }
`);
    const options = (name: string) => config.profiles.get(name)!.platformOptions;
    expect(options('servicenow')).toEqual({
      instanceUrl: 'https://acme.service-now.com',
      liveAgentOnly: true,
      shortDescription: '{summary}',
      skipLoadHistory: false,
      vaContext: {},
      maxUrlLength: 2_000,
    });
    expect(options('five9')).toMatchObject({
      consoleUrl: 'https://app.five9.com/clients/consoles/ChatConsole/index.html',
      autostart: true,
      fields: { name: { value: '{userName}', show: true }, email: { value: '{userEmail}', show: true }, Question: { value: '{lastUtterance}', show: true } },
    });
    expect(options('incontact')).toMatchObject({
      businessUnit: '1',
      parameters: { P1: '{userFirstName}', P2: '{userLastName}', P3: '{userEmail}', P4: '{lastUtterance}' },
    });
    expect(options('bt-api')).toMatchObject({ queue: 'general', commandPath: '/api/command', customerDetails: '{lastUtterance}' });
    expect(options('generic-api')).toMatchObject({ request: { method: 'POST', headers: {} }, queueName: 'default' });
    expect(options('vayusphere')).toEqual({
      request: {
        method: 'POST',
        url: 'https://acme.vayusphere.example/api/v1/handoffs',
        headers: { authorization: 'Bearer ${VAYU_KEY}', 'idempotency-key': '{idempotencyKey}' },
        body: {
          queue: 'General',
          reference: '{handoffId}',
          user: { id: '{userId}', name: '{userName}', email: '{userEmail}', locale: '{userLocale}' },
          message: '{lastUtterance}',
          summary: '{summary}',
          ticket: '{ticketNumber}',
        },
      },
      response: { joinUrl: '$.joinUrl', queuePosition: '$.position', sessionId: '$.sessionId' },
      queueName: 'General',
    });
  });

  it('refuses base URLs that are not https, except on localhost', () => {
    const problems = problemsOf(`
profiles:
  sn: { mode: url, platform: servicenow, platformOptions: { instanceUrl: 'http://acme.service-now.com' } }
  bt: { mode: url, platform: beyondtrust, platformOptions: { siteUrl: 'http://localhost.evil.example' } }
  five9: { mode: url, platform: five9, platformOptions: { tenant: t, profiles: p, consoleUrl: 'ftp://five9.example/console' } }
  vayu: { mode: api, platform: vayusphere, platformOptions: { baseUrl: 'http://vayu.example', apiKey: '\${K}' } }
  url: { mode: url, platform: generic-url, platformOptions: { urlTemplate: 'http://chat.example.com/?q={lastUtterance}' } }
`);
    expect(problems).toEqual(
      expect.arrayContaining([
        'profiles.sn.platformOptions.instanceUrl: must be https (http only for localhost)',
        'profiles.bt.platformOptions.siteUrl: must be https (http only for localhost)',
        'profiles.five9.platformOptions.consoleUrl: must be https (http only for localhost)',
        'profiles.vayu.platformOptions.baseUrl: must be https (http only for localhost)',
        'profiles.url.platformOptions.urlTemplate: must be https (http only for localhost)',
      ]),
    );
    expect(problems).toHaveLength(5);
  });

  it('names the path of every unknown or malformed placeholder', () => {
    const problems = problemsOf(`
profiles:
  url: { mode: url, platform: generic-url, platformOptions: { urlTemplate: 'https://chat.example.com/?q={lastUtterence}&e={userEmail}' } }
  five9: { mode: url, platform: five9, platformOptions: { tenant: t, profiles: p, fields: { Question: '{question}', email: { value: '{userEmail', show: false } } } }
  sn: { mode: url, platform: servicenow, platformOptions: { instanceUrl: 'https://acme.service-now.com', vaContext: { cost_center: '{user.costCenter}' } } }
  incontact: { mode: url, platform: incontact, platformOptions: { chatClientUrl: 'https://home-c1.incontact.com/c', pointOfContact: p, businessUnit: 1, parameters: { P2: 'x}' } } }
  bt: { mode: url, platform: beyondtrust, platformOptions: { siteUrl: 'https://support.example.com', customerDetails: '{details}' } }
  api:
    mode: api
    platform: generic-api
    platformOptions:
      request: { url: 'https://q.example.com/', body: { user: { mail: '{mail}' }, tags: [ok, '{tag}'] } }
      response: { joinUrl: url }
`);
    const known =
      '{lastUtterance}, {summary}, {category}, {userId}, {userName}, {userFirstName}, {userLastName}, {userEmail}, {userDepartment}, {userLocale}, {handoffId}, {conversationId}, {channel}, {ticketNumber}, {ticketUrl}, {idempotencyKey}';
    expect(problems).toEqual([
      `profiles.url.platformOptions.urlTemplate: unknown placeholder {lastUtterence}; this field takes ${known}`,
      `profiles.five9.platformOptions.fields.Question.value: unknown placeholder {question}; this field takes ${known}`,
      'profiles.five9.platformOptions.fields.email.value: "{userEmail" is not a placeholder; braces are reserved for {placeholders}',
      'profiles.sn.platformOptions.vaContext.cost_center: "{user.costCenter}" is not a placeholder; braces are reserved for {placeholders}',
      'profiles.incontact.platformOptions.parameters.P2: unmatched "}" at character 2; braces are reserved for {placeholders}',
      `profiles.bt.platformOptions.customerDetails: unknown placeholder {details}; this field takes ${known}`,
      `profiles.api.platformOptions.request.body.user.mail: unknown placeholder {mail}; this field takes ${known}`,
      `profiles.api.platformOptions.request.body.tags.1: unknown placeholder {tag}; this field takes ${known}`,
    ]);
  });

  it('keeps handoff values out of the host, and secrets out of URLs and bodies', () => {
    const problems = problemsOf(`
profiles:
  host: { mode: url, platform: generic-url, platformOptions: { urlTemplate: 'https://{userName}.example.com/chat' } }
  secret-url: { mode: url, platform: intrasee, platformOptions: { urlTemplate: 'https://chat.example.com/?key=\${CHAT_KEY}&q={lastUtterance}' } }
  relative: { mode: url, platform: compucom, platformOptions: { urlTemplate: '/chat?q={lastUtterance}' } }
  api:
    mode: api
    platform: generic-api
    platformOptions:
      request:
        url: 'https://q.example.com/'
        headers: { Authorization: 'Bearer abc123', X-Api-Key: literal, X-Trace: '{userEmail}', X-Fine: '\${TRACE_ID}' }
        body: { key: '\${API_KEY}' }
      response: { joinUrl: url }
`);
    expect(problems).toEqual([
      'profiles.host.platformOptions.urlTemplate: placeholders may not be in the scheme or host',
      'profiles.secret-url.platformOptions.urlTemplate: "${CHAT_KEY}": secret references are allowed only in request headers',
      'profiles.relative.platformOptions.urlTemplate: is not an absolute URL',
      'profiles.api.platformOptions.request.headers.X-Trace: unknown placeholder {userEmail}; this field takes {idempotencyKey}',
      'profiles.api.platformOptions.request.headers.Authorization: carries a credential: write it as an environment reference like "Bearer ${API_TOKEN}", never the secret itself',
      'profiles.api.platformOptions.request.headers.X-Api-Key: carries a credential: write it as an environment reference like "Bearer ${API_TOKEN}", never the secret itself',
      'profiles.api.platformOptions.request.body.key: "${API_KEY}": secret references are allowed only in request headers',
    ]);
  });

  it("checks each platform's own rules: modes, queues, answer paths, required and reserved keys", () => {
    const problems = problemsOf(`
profiles:
  five9-api: { mode: api, platform: five9, platformOptions: { tenant: t, profiles: p } }
  awa-broker: { mode: broker, platform: servicenow-awa, platformOptions: { instanceUrl: 'https://acme.service-now.com' } }
  connect-chat: { mode: url, platform: servicenow-connect-chat, platformOptions: { instanceUrl: 'https://acme.service-now.com' } }
  sn-reserved: { mode: url, platform: servicenow, platformOptions: { instanceUrl: 'https://acme.service-now.com', vaContext: { search_text: '{summary}' } } }
  bt: { mode: api, platform: beyondtrust, platformOptions: { siteUrl: 'https://support.example.com', queue: 'team:support', auth: { clientId: '\${BT_ID}', clientSecret: s3cr3t } } }
  bt-key: { mode: url, platform: beyondtrust, platformOptions: { siteUrl: 'https://support.example.com', customFields: { external_key: '{ticketNumber}' } } }
  compucom: { mode: url, platform: compucom, platformOptions: {} }
  incontact: { mode: url, platform: incontact, platformOptions: { chatClientUrl: 'https://home-c1.incontact.com/c', pointOfContact: p, businessUnit: 1, parameters: { P9: x } } }
  api:
    mode: api
    platform: generic-api
    platformOptions:
      request: { method: GET, url: 'https://q.example.com/', body: { a: 1 } }
      response: { joinUrl: 'data..url', queuePosition: '$.items[first]' }
  vayu: { mode: api, platform: vayusphere, platformOptions: { baseUrl: 'https://vayu.example', apiKey: plain-key } }
`);
    expect(problems).toEqual(
      expect.arrayContaining([
        'profiles.five9-api.mode: platform "five9" supports modes url, not "api"',
        'profiles.awa-broker.mode: platform "servicenow-awa" supports modes url, not "broker"',
        expect.stringMatching(/^profiles\.connect-chat\.platformOptions\.queue: /),
        'profiles.sn-reserved.platformOptions.vaContext.search_text: sysparm_search_text is set by (the last utterance), not vaContext',
        'profiles.bt.platformOptions.queue: must be general, team:<id>, rep:<id>, rep_username:<name> or issue:<code name>',
        'profiles.bt.platformOptions.auth.clientSecret: must be an environment reference like ${SERVICENOW_PASSWORD}, never the secret itself',
        'profiles.bt-key.platformOptions.customFields: external_key always carries the handoff id',
        expect.stringMatching(/^profiles\.compucom\.platformOptions\.urlTemplate: /),
        expect.stringMatching(/^profiles\.incontact\.platformOptions\.parameters\.P9: unknown key/),
        'profiles.api.platformOptions.request.body: a GET request has no body',
        'profiles.api.platformOptions.response.joinUrl: is not a JSON path like $.data.joinUrl or $.items[0].url',
        'profiles.api.platformOptions.response.queuePosition: is not a JSON path like $.data.joinUrl or $.items[0].url',
        'profiles.vayu.platformOptions.apiKey: must be an environment reference like ${SERVICENOW_PASSWORD}, never the secret itself',
      ]),
    );
    expect(problems).toHaveLength(13);
  });
});
