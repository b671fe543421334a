import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { featureBoundaries } from './feature-boundaries.mjs';

const ruleTester = new RuleTester({
  languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' },
});

const intake = '/repo/services/intake/src';
const matterService = `${intake}/matters/matter.service.ts`;

describe('feature-boundaries', () => {
  ruleTester.run('feature-boundaries', featureBoundaries, {
    valid: [
      {
        name: "another feature's module",
        filename: `${intake}/matters/matters.module.ts`,
        code: "import { ClientsModule } from '../clients/clients.module';",
      },
      {
        name: "another feature's exported service, and a type from it",
        filename: matterService,
        code: "import { ClientService, type ClientSummary } from '../clients/client.service';",
      },
      {
        name: 'a type-only import from a service file',
        filename: `${intake}/matters/dto/matter.dto.ts`,
        code: "import type { ClientSummary } from '../../clients/client.service';",
      },
      {
        name: "the feature's own internals, from a spec and from a nested folder",
        filename: `${intake}/matters/matter.service.spec.ts`,
        code: "import { MatterRepository } from './matter.repository';\nimport { CreateMatterDto } from './dto/create-matter.dto';",
      },
      {
        name: 'files that belong to no feature',
        filename: matterService,
        code: "import { IntakeConfig } from '../config';\nimport { ENTITIES } from '../database';\nimport { Init1 } from '../migrations/1-init';",
      },
      {
        name: 'database.ts lists the entities of every feature',
        filename: `${intake}/database.ts`,
        code: "import { Client } from './clients/client.entity';\nimport { Matter } from './matters/matter.entity';",
      },
      {
        name: 'app.module.ts is not a feature',
        filename: `${intake}/app.module.ts`,
        code: "import { ClientRepository } from './clients/client.repository';",
      },
      {
        name: 'migrations are not a feature',
        filename: `${intake}/migrations/1-init.ts`,
        code: "import { Client } from '../clients/client.entity';",
      },
      {
        name: 'libraries and other services are left to the module-boundaries rule',
        filename: matterService,
        code: "import { recordChange } from '@lawfirm/audit';\nimport { x } from '../../../timekeeping/src/time-entries/time-entry.repository';",
      },
    ],
    invalid: [
      {
        name: "the deliberate violation: a service in matters/ uses clients' repository",
        filename: matterService,
        code: "import { ClientRepository } from '../clients/client.repository';",
        errors: [
          {
            messageId: 'internals',
            data: { from: 'matters', to: 'clients', target: '../clients/client.repository' },
          },
        ],
      },
      {
        name: "another feature's entity, even as a type",
        filename: matterService,
        code: "import type { Client } from '../clients/client.entity';",
        errors: [{ messageId: 'internals' }],
      },
      {
        name: "another feature's DTO from a nested file",
        filename: `${intake}/matters/dto/create-matter.dto.ts`,
        code: "import { ClientDto } from '../../clients/dto/client.dto';",
        errors: [{ messageId: 'internals' }],
      },
      {
        name: 'a service file inside a sub-folder of another feature is not its public surface',
        filename: matterService,
        code: "import { Helper } from '../clients/internal/helper.service';",
        errors: [{ messageId: 'internals' }],
      },
      {
        name: 're-exports, dynamic imports and require count too',
        filename: matterService,
        code: [
          "export { ClientRepository } from '../clients/client.repository';",
          "export * from '../clients/client.entity';",
          "const lazy = () => import('../clients/client.repository');",
          "const required = require('../clients/client.repository');",
        ].join('\n'),
        errors: [
          { messageId: 'internals' },
          { messageId: 'internals' },
          { messageId: 'internals' },
          { messageId: 'internals' },
        ],
      },
      {
        name: "a path through the workspace's baseUrl",
        filename: matterService,
        code: "import { ClientRepository } from 'services/intake/src/clients/client.repository';",
        errors: [{ messageId: 'internals' }],
      },
      {
        name: 'a spec inside a feature reaching into another feature',
        filename: `${intake}/matters/matter.service.spec.ts`,
        code: "import { ClientRepository } from '../clients/client.repository';",
        errors: [{ messageId: 'internals' }],
      },
    ],
  });

  describe('an import of a feature folder itself', () => {
    const workspace = mkdtempSync(join(tmpdir(), 'feature-boundaries-'));
    const src = join(workspace, 'services', 'intake', 'src');
    mkdirSync(join(src, 'clients'), { recursive: true });
    afterAll(() => rmSync(workspace, { recursive: true, force: true }));

    ruleTester.run('feature-boundaries', featureBoundaries, {
      valid: [
        {
          filename: join(src, 'matters', 'matter.service.ts'),
          code: "import { IntakeConfig } from '../config';",
        },
      ],
      invalid: [
        {
          filename: join(src, 'matters', 'matter.service.ts'),
          code: "import { ClientRepository } from '../clients';",
          errors: [{ messageId: 'internals' }],
        },
      ],
    });
  });
});
