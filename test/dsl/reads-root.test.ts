import { describe, expect, it } from 'vitest';
import { compileRule, readsRoot } from '../../dsl';

describe('readsRoot', () => {
  it('is true when the rule starts a path with the name', () => {
    expect(readsRoot(compileRule('availability.open AND availability.agentsAvailable != 0'), 'availability')).toBe(true);
    expect(readsRoot(compileRule('user.department == "Sales" OR availability["open"]'), 'availability')).toBe(true);
  });

  it('is true when the rule reads the name alone or inside a lambda body', () => {
    expect(readsRoot(compileRule('availability != null'), 'availability')).toBe(true);
    expect(readsRoot(compileRule('[1, 2].$ANY(x => availability.open)'), 'availability')).toBe(true);
  });

  it('is false when the rule never reads the name', () => {
    expect(readsRoot(compileRule('user.department == "Sales"'), 'availability')).toBe(false);
    expect(readsRoot(compileRule('"availability" == user.name'), 'availability')).toBe(false);
    expect(readsRoot(compileRule('user.availability == 1'), 'availability')).toBe(false);
  });

  it('is false when the name is only a lambda parameter', () => {
    const rule = compileRule('user.tags.$ANY(availability => availability == "x")', { roots: 'any' });
    expect(readsRoot(rule, 'availability')).toBe(false);
  });
});
