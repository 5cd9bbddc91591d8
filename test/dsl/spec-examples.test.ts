import { describe, expect, it } from 'vitest';
import { run } from './helpers';

describe('the examples of the spec', () => {
  it('NOT (form_id.$LOWERCASE() IN [...]) is true for form_id "xyz"', () => {
    const rule = 'NOT (form_id.$LOWERCASE() IN ["ABC".$LOWERCASE(), "def"])';
    expect(run(rule, { form_id: 'xyz' })).toEqual({ ok: true, value: true, offered: true });
    expect(run(rule, { form_id: 'AbC' })).toEqual({ ok: true, value: false, offered: false });
  });

  it('user.emails[0] reads the first element and user.emails[-1] the last', () => {
    const payload = { user: { emails: ['first@example.com', 'middle@example.com', 'last@example.com'] } };
    expect(run('user.emails[0]', payload)).toMatchObject({ ok: true, value: 'first@example.com' });
    expect(run('user.emails[-1]', payload)).toMatchObject({ ok: true, value: 'last@example.com' });
  });

  it('IF user.is_vip THEN ... ELSE ... returns a text', () => {
    const rule = "IF user.is_vip THEN 'Priority' ELSE 'Standard'";
    expect(run(rule, { user: { is_vip: true } })).toMatchObject({ ok: true, value: 'Priority' });
    expect(run(rule, { user: { is_vip: false } })).toMatchObject({ ok: true, value: 'Standard' });
  });

  it("data.items.$FILTER(i => i.status == 'active').$LENGTH() > 2", () => {
    const rule = "data.items.$FILTER(i => i.status == 'active').$LENGTH() > 2";
    const items = (statuses: string[]) => ({ data: { items: statuses.map((status) => ({ status })) } });
    expect(run(rule, items(['active', 'active', 'closed', 'active']))).toMatchObject({ ok: true, value: true });
    expect(run(rule, items(['active', 'active', 'closed']))).toMatchObject({ ok: true, value: false });
  });

  it('"vpn" IN issue.summary.$LOWERCASE() AND user.department IN ["Sales", "Support"]', () => {
    const rule = '"vpn" IN issue.summary.$LOWERCASE() AND user.department IN ["Sales", "Support"]';
    const payload = (summary: string, department: string) => ({ issue: { summary }, user: { department } });
    expect(run(rule, payload('My VPN keeps dropping', 'Support'))).toMatchObject({ ok: true, value: true });
    expect(run(rule, payload('My VPN keeps dropping', 'Finance'))).toMatchObject({ ok: true, value: false });
    expect(run(rule, payload('Printer jam', 'Sales'))).toMatchObject({ ok: true, value: false });
  });

  it('the example of the introduction: issue.category == "IT" AND user.department == "Sales"', () => {
    const rule = 'issue.category == "IT" AND user.department == "Sales"';
    expect(run(rule, { issue: { category: 'IT' }, user: { department: 'Sales' } })).toMatchObject({ offered: true });
    expect(run(rule, { issue: { category: 'HR' }, user: { department: 'Sales' } })).toMatchObject({ offered: false });
  });
});
