import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidManifestError, InvalidPolicyError } from '../errors.ts';
import { buildPolicySet } from './build-policy-set.ts';
import { parseManifestText } from './parse-manifest-text.ts';

const SAMPLES = join(import.meta.dirname, '..', 'psp', 'samples');
const sample = (name: string) => parseManifestText(readFileSync(join(SAMPLES, name), 'utf8'), name);
const docs = (text: string, source = 'm.yaml') => parseManifestText(text, source);

describe('Function: buildPolicySet', () => {
  it('sorts policies, RBAC objects and pods apart', () => {
    const built = buildPolicySet([...sample('eks-privileged.yaml'), ...sample('pods/web.yaml')]);
    expect(built.policySet.policies.map((p) => p.metadata.name)).toEqual(['eks.privileged']);
    expect(built.policySet.rbac?.clusterRoles.map((r) => r.metadata?.name)).toEqual([
      'eks:podsecuritypolicy:privileged',
    ]);
    expect(built.policySet.rbac?.clusterRoleBindings.map((r) => r.metadata?.name)).toEqual([
      'eks:podsecuritypolicy:authenticated',
    ]);
    expect(built.pods.map((p) => p.source)).toEqual(['pods/web.yaml']);
    expect(built.warnings).toEqual([]);
    expect(built.policySet.version).toBeNull();
  });

  it('leaves rbac null when no RBAC object is given (every policy usable by everyone)', () => {
    const policyOnly = sample('eks-privileged.yaml').slice(0, 1);
    expect(buildPolicySet(policyOnly).policySet.rbac).toBeNull();
  });

  it('skips unknown kinds and kindless objects with a warning', () => {
    const built = buildPolicySet(
      docs('kind: Service\nmetadata: {name: web}\n---\nmetadata: {name: x}\n'),
    );
    expect(built.warnings).toEqual([
      'm.yaml#0 (Service "web"): kind Service is not evaluated; ignored',
      'm.yaml#1 (object "x"): has no kind; ignored',
    ]);
  });

  it('lets a later object replace an earlier one of the same kind and name, with a warning', () => {
    const role =
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r, namespace: ns}\n';
    const built = buildPolicySet(docs(`${role}---\n${role}`));
    expect(built.policySet.rbac?.roles).toHaveLength(1);
    expect(built.warnings).toEqual(['m.yaml#1: Role/ns/r replaces the one from m.yaml#0']);
  });

  it.each([
    {
      name: 'a Pod without spec',
      text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\n',
      message: 'm.yaml (Pod "web"): spec is required',
    },
    {
      name: 'a Pod without containers',
      text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {}\n',
      message: 'm.yaml (Pod "web"): spec.containers must be a list of at least one container',
    },
    {
      name: 'a Pod without a name',
      text: 'apiVersion: v1\nkind: Pod\nmetadata: {}\nspec: {containers: [{name: a}]}\n',
      message: 'm.yaml (Pod): metadata.name is required (or metadata.generateName)',
    },
    {
      name: 'a mistyped container field',
      text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {containers: [{name: a, securityContext: {privileged: "true"}}]}\n',
      message:
        'm.yaml (Pod "web"): spec.containers[0].securityContext.privileged must be true or false, got a string',
    },
    {
      name: 'a negative UID',
      text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {securityContext: {runAsUser: -1}, containers: [{name: a}]}\n',
      message:
        'm.yaml (Pod "web"): spec.securityContext.runAsUser must be between 0 and 2147483647',
    },
    {
      name: 'a binding without roleRef',
      text: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: b}\n',
      message: 'm.yaml (ClusterRoleBinding "b"): roleRef is required',
    },
    {
      name: 'a ClusterRoleBinding to a Role',
      text: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: b}\nroleRef: {kind: Role, name: r}\n',
      message:
        'm.yaml (ClusterRoleBinding "b"): roleRef.kind must be one of ClusterRole, got "Role"',
    },
    {
      name: 'a subject of unknown kind',
      text: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: b}\nroleRef: {kind: Role, name: r}\nsubjects: [{kind: Robot, name: x}]\n',
      message:
        'm.yaml (RoleBinding "b"): subjects[0].kind must be one of User, Group, ServiceAccount, got "Robot"',
    },
  ])('refuses $name, naming the file, the document and the field', ({ text, message }) => {
    expect(() => buildPolicySet(docs(text))).toThrow(new InvalidManifestError(message));
  });

  it('refuses a policy with an unknown rule as an InvalidPolicyError', () => {
    const text = readFileSync(join(SAMPLES, 'eks-restrictive.yaml'), 'utf8').replace(
      /rule: ["']MustRunAsNonRoot["']/,
      'rule: MustRunAsRoot',
    );
    const act = () => buildPolicySet(docs(text, 'restrictive.yaml'));
    expect(act).toThrow(InvalidPolicyError);
    expect(act).toThrow(
      'restrictive.yaml#0 (PodSecurityPolicy "eks.restrictive"): spec.runAsUser.rule must be one of MustRunAs, MustRunAsNonRoot, RunAsAny, got "MustRunAsRoot"',
    );
  });
});
