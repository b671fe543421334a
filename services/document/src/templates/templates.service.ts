import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '@lawfirm/auth';
import { withTenant } from '@lawfirm/database';
import { NotFoundError, unsafeTextReason, ValidationFailedError, type FieldError } from '@lawfirm/errors';
import { MatterProjectionService } from '@lawfirm/matter-projection';
import type { RequestOrigin } from '../custody/custody.service';
import { DocumentsService, type DocumentView } from '../documents/documents.service';
import type { GenerateDocumentDto } from './dto/template.dto';
import { renderTemplatePdf } from './template-pdf';
import { mergeTemplate } from './template.rules';

/** The largest template read (its text is held in memory to merge). */
const MAX_TEMPLATE_BYTES = 256 * 1024;
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;

/**
 * Documents generated from the firm's templates: a plain-text template document's placeholders are
 * filled with the matter's fields (from the matter projection), the date and the caller's values,
 * the result is rendered as a PDF (pdfkit) and filed in the matter as a new document, encrypted,
 * indexed and on its custody log like an upload. Reading the template is on its custody log
 * (`exported`, "template").
 */
@Injectable()
export class TemplatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly documents: DocumentsService,
    private readonly matters: MatterProjectionService,
  ) {}

  async generate(
    actor: Actor,
    origin: RequestOrigin,
    matterId: string,
    input: GenerateDocumentDto,
  ): Promise<DocumentView> {
    const fields = checkedFields(input.fields);
    const { matter, template } = await withTenant(this.dataSource, actor.firmId, async (manager) => {
      const found = await this.matters.find(manager, matterId);
      if (!found) throw new NotFoundError('matter', matterId);
      const [summary] = await this.documents.summaries(manager, [input.templateDocumentId]);
      if (!summary?.versionId) throw new NotFoundError('document', input.templateDocumentId);
      if (summary.mediaType !== 'text/plain')
        throw new ValidationFailedError([
          { field: 'templateDocumentId', message: 'templateDocumentId must be a plain-text document' },
        ]);
      const [version] = await this.documents.exportVersions(
        manager,
        actor,
        origin,
        [summary.versionId],
        'template',
      );
      if (!version) throw new NotFoundError('document', input.templateDocumentId);
      if (version.sizeBytes > MAX_TEMPLATE_BYTES)
        throw new ValidationFailedError([
          { field: 'templateDocumentId', message: `the template is larger than ${MAX_TEMPLATE_BYTES} bytes` },
        ]);
      return { matter: found, template: version };
    });
    const chunks: Buffer[] = [];
    for await (const chunk of await template.open()) chunks.push(chunk as Buffer);
    const merged = mergeTemplate(Buffer.concat(chunks).toString('utf8'), {
      'matter.id': matter.matterId,
      'matter.number': matter.number,
      'matter.title': matter.title,
      'matter.practiceArea': matter.practiceArea ?? '',
      'client.id': matter.clientId,
      date: new Date().toISOString().slice(0, 10),
      ...Object.fromEntries(Object.entries(fields).map(([name, value]) => [`fields.${name}`, value])),
    });
    if ('unknown' in merged)
      throw new ValidationFailedError(
        merged.unknown.map((name) =>
          name.startsWith('fields.')
            ? { field: name, message: `${name} is used by the template but was not given` }
            : { field: 'templateDocumentId', message: `the template uses an unknown field {{${name}}}` },
        ),
      );
    const content = await renderTemplatePdf(input.title, merged.text);
    return this.documents.fileGenerated(actor, origin, matterId, {
      fileName: `${input.title}.pdf`,
      title: input.title,
      content,
    });
  }
}

function checkedFields(fields: Record<string, unknown> | undefined): Record<string, string> {
  const entries = Object.entries(fields ?? {});
  const problems: FieldError[] = [];
  if (entries.length > 50) problems.push({ field: 'fields', message: 'fields must have at most 50 entries' });
  for (const [name, value] of entries) {
    if (!FIELD_NAME.test(name))
      problems.push({
        field: 'fields',
        message: `fields names must be 1-40 letters, digits or _ (got ${JSON.stringify(name.slice(0, 50))})`,
      });
    else if (typeof value !== 'string' || value.length > 2000)
      problems.push({
        field: `fields.${name}`,
        message: `fields.${name} must be a string of at most 2000 characters`,
      });
    else {
      const unsafe = unsafeTextReason(value);
      if (unsafe) problems.push({ field: `fields.${name}`, message: `fields.${name} ${unsafe}` });
    }
  }
  if (problems.length) throw new ValidationFailedError(problems);
  return Object.fromEntries(entries) as Record<string, string>;
}
