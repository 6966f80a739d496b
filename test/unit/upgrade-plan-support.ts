/**
 * A plan built by hand (the UpgradePlan shape of chain/src/upgrade-plan-types.ts), for the tests of its faces:
 * the Markdown report (upgrade-report.test.ts), VS Code's document, diagnostics and explorer markers
 * (client-upgrade-plan.test.ts, client-explorer.test.ts). Live: OldFacet routes 0xaaaaaaaa and 0xcccccccc, a
 * foreign facet 0xdddddddd, the diamond itself 0xeeeeeeee; the plan replaces 0xaaaaaaaa and adds 0xbbbbbbbb to a
 * new NewFacet, removes 0xcccccccc, leaves the other two alone, and runs Migrate.run(uint16) [15000].
 */
import type { LoupeView } from '../../chain/src/loupe-types';
import type { UpgradePlan } from '../../chain/src/upgrade-plan-types';

export const DIAMOND = '0xD1a0000000000000000000000000000000000001';
export const OLD = '0x01d0000000000000000000000000000000000002';
export const FOREIGN = '0xF0e0000000000000000000000000000000000003';
export const NEW = '0x4e40000000000000000000000000000000000004';
export const INIT = '0x1417000000000000000000000000000000000005';
export const DEPLOYER = '0xDe90000000000000000000000000000000000006';

export const loupe: LoupeView = {
  rpcUrl: 'http://127.0.0.1:8545',
  chainId: 31337,
  diamond: DIAMOND,
  owner: null,
  facets: [
    {
      address: OLD,
      name: 'OldFacet',
      nameSource: 'deployment',
      codeHash: null,
      changed: true,
      selectors: [
        // The live side knows this selector under another name: a 4-byte collision the report must show.
        { selector: '0xaaaaaaaa', signature: 'legacyName()', signatureSource: 'local', drift: null },
        { selector: '0xcccccccc', signature: 'retired(uint256)', signatureSource: 'local', drift: null },
      ],
    },
    {
      address: FOREIGN,
      name: null,
      nameSource: null,
      codeHash: null,
      changed: false,
      selectors: [{ selector: '0xdddddddd', signature: null, signatureSource: null, drift: null }],
    },
    {
      address: DIAMOND,
      name: 'Diamond',
      nameSource: 'bytecode',
      codeHash: null,
      changed: false,
      selectors: [
        { selector: '0xeeeeeeee', signature: 'diamondGenesis()', signatureSource: 'local', drift: null },
      ],
    },
  ],
  localOnly: [],
  drift: [],
  driftChecked: true,
};

export function handBuiltPlan(): UpgradePlan {
  return {
    chainId: 31337,
    rpcUrl: 'http://127.0.0.1:8545',
    diamond: DIAMOND,
    diamondName: 'Main | v2',
    plan: {
      chainId: 31337,
      diamond: DIAMOND,
      cut: [
        { facet: 'NewFacet', facetAddress: NEW, action: 'replace', functionSelectors: ['0xaaaaaaaa'] },
        { facet: 'NewFacet', facetAddress: NEW, action: 'add', functionSelectors: ['0xbbbbbbbb'] },
        {
          facet: null,
          facetAddress: '0x0000000000000000000000000000000000000000',
          action: 'remove',
          functionSelectors: ['0xcccccccc'],
        },
      ],
      selectors: [
        {
          selector: '0xaaaaaaaa',
          signature: 'newName()',
          action: 'replace',
          fromFacet: 'OldFacet',
          fromAddress: OLD,
          toFacet: 'NewFacet',
        },
        {
          selector: '0xbbbbbbbb',
          signature: 'added(address)',
          action: 'add',
          fromFacet: null,
          fromAddress: null,
          toFacet: 'NewFacet',
        },
        {
          selector: '0xcccccccc',
          signature: 'retired(uint256)',
          action: 'remove',
          fromFacet: 'OldFacet',
          fromAddress: OLD,
          toFacet: null,
        },
        {
          selector: '0xdddddddd',
          signature: null,
          action: 'unmanaged',
          fromFacet: FOREIGN,
          fromAddress: FOREIGN,
          toFacet: null,
        },
        {
          selector: '0xeeeeeeee',
          signature: 'diamondGenesis()',
          action: 'immutable',
          fromFacet: 'Diamond',
          fromAddress: DIAMOND,
          toFacet: null,
        },
        {
          selector: '0x12345678',
          signature: 'kept()',
          action: 'keep',
          fromFacet: 'KeptFacet',
          fromAddress: OLD,
          toFacet: 'KeptFacet',
        },
      ],
      deploy: ['NewFacet'],
      problems: [],
    },
    cut: [
      { facetAddress: NEW, action: 1, functionSelectors: ['0xaaaaaaaa'] },
      { facetAddress: NEW, action: 0, functionSelectors: ['0xbbbbbbbb'] },
      {
        facetAddress: '0x0000000000000000000000000000000000000000',
        action: 2,
        functionSelectors: ['0xcccccccc'],
      },
    ],
    deploy: [
      {
        contract: 'NewFacet',
        file: 'facets/NewFacet.sol',
        predictedAddress: NEW,
        artifact: {
          name: 'NewFacet',
          file: 'facets/NewFacet.sol',
          abi: [],
          bytecode: '0x00',
          deployedBytecode: '0x00',
          methodIdentifiers: {},
          storageLayout: null,
        },
      },
      {
        contract: 'Migrate',
        file: 'init/Migrate.sol',
        predictedAddress: INIT,
        artifact: {
          name: 'Migrate',
          file: 'init/Migrate.sol',
          abi: [],
          bytecode: '0x00',
          deployedBytecode: '0x00',
          methodIdentifiers: {},
          storageLayout: null,
        },
      },
    ],
    deployer: DEPLOYER,
    deployerNonce: 7,
    init: {
      contract: 'Migrate',
      address: INIT,
      call: 'run(uint16)',
      args: [15000],
      calldata: '0xabcdef01',
      deploy: true,
      signature: 'run(uint16)',
    },
    calldata: '0x1f931c1c00ff',
    calldataHash: '0x' + '42'.repeat(32),
    findings: [
      {
        rule: 'storage-layout-break',
        severity: 'error',
        message: 'field `a|b` inserted',
        file: '/p/contracts/libraries/LibX.sol',
        start: 10,
        end: 12,
        line: 4,
        column: 9,
        endLine: 4,
        endColumn: 11,
        related: [],
        check: 'storage-layout',
      },
      { rule: 'upgrade-no-baseline', severity: 'warning', message: 'no commit', check: 'storage-layout' },
    ],
    checks: [
      { id: 'selectors', title: 'Selectors', status: 'passed', detail: '5 routed' },
      { id: 'storage-layout', title: 'Layouts', status: 'failed', detail: 'commit abc' },
      { id: 'namespaces', title: 'Namespaces', status: 'warning', detail: '' },
      { id: 'code', title: 'Code', status: 'passed', detail: '' },
      { id: 'init', title: 'Init', status: 'skipped', detail: 'no init call' },
    ],
    loupe,
    protectedSelectors: [],
    prune: false,
    compileRoot: '/p/contracts',
    recordFile: null,
  };
}

/**
 * What planUpgrade records beside the cut (its checks, the loupe it read, the policy, where the sources and the
 * record are), for plans built by hand whose readers do not look at them: empty and neutral.
 */
export function neutralPlanExtras(at: {
  chainId: number;
  rpcUrl: string;
  diamond: string;
  owner?: string | null;
  compileRoot?: string;
}): Pick<UpgradePlan, 'checks' | 'loupe' | 'protectedSelectors' | 'prune' | 'compileRoot' | 'recordFile'> {
  return {
    checks: [],
    loupe: {
      rpcUrl: at.rpcUrl,
      chainId: at.chainId,
      diamond: at.diamond,
      owner: at.owner ?? null,
      facets: [],
      localOnly: [],
      drift: [],
      driftChecked: false,
    },
    protectedSelectors: [],
    prune: false,
    compileRoot: at.compileRoot ?? '',
    recordFile: null,
  };
}
