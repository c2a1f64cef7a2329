import { createHash } from 'node:crypto';
import type { HandlerResponse } from '../../runtime/provider';
import { mediaTypeEssence } from '../../runtime/spec';
import { newLeadId, newMediaId } from '../ids';
import { refuse } from '../reasons';
import { stateLimits, type LeadRecord, type MediaRecord } from '../state';
import { isoSeconds } from '../views';
import { accountOf, type KaskoRequest } from './common';
import { usableQuote } from './policies';

interface MediaFields {
  designation: string;
  name: string;
  mime_type: string;
  file_size: number;
}

/** Announces a file: 200 with the media object, not uploaded yet, echoing the fields (KASKO's webapp mock). */
export function createMedia(request: KaskoRequest): HandlerResponse {
  const fields = request.body as MediaFields;
  const media: MediaRecord = {
    id: newMediaId(),
    account: accountOf(request),
    designation: fields.designation,
    name: fields.name,
    mimeType: fields.mime_type,
    fileSize: fields.file_size,
    content: null,
  };
  const answer = {
    status: 200,
    body: {
      id: media.id,
      is_uploaded: false,
      designation: media.designation,
      name: media.name,
      mime_type: media.mimeType,
      file_size: media.fileSize,
    },
  };
  request.state.media.set(media.id, media, stateLimits(request.settings));
  return answer;
}

export const mediaNotFoundMessage = (id: string): string => `Media with id - ${id} not found.`;

/**
 * Uploads an announced file's bytes once: 204 with no body (KASKO's webapp mock). What identifies them (type,
 * size, SHA-256) is kept, not the bytes: nothing reads them back.
 */
export function uploadMediaContent(request: KaskoRequest): HandlerResponse {
  const id = request.params.media_id as string;
  const media = request.state.media.get(id);
  // Another account's media was refused by the runtime's ownerOf already, as this one is.
  if (!media || media.account !== accountOf(request))
    throw refuse('KASKO_MEDIA_NOT_FOUND', mediaNotFoundMessage(id));
  if (media.content !== null)
    throw refuse('KASKO_MEDIA_ALREADY_UPLOADED', `Media with id - ${id} is already uploaded.`);
  const bytes = request.rawBody as Buffer;
  const uploaded: MediaRecord = {
    ...media,
    content: {
      contentType: mediaTypeEssence(String(request.headers['content-type'])).slice(0, 255),
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    },
  };
  request.state.media.set(id, uploaded, stateLimits(request.settings));
  return { status: 204 };
}

interface LeadFields {
  email: string;
  first_name?: string;
  last_name?: string;
  language?: string;
  quote_token?: string;
  data?: Record<string, unknown>;
}

/** Saves a quote for later (Inferred body and answer); a quote token must be usable, as an offer's. */
export function createLead(request: KaskoRequest): HandlerResponse {
  const fields = request.body as LeadFields;
  if (fields.quote_token !== undefined) usableQuote(request, fields.quote_token);
  const lead: LeadRecord = {
    id: newLeadId(),
    account: accountOf(request),
    email: fields.email,
    firstName: fields.first_name ?? null,
    lastName: fields.last_name ?? null,
    language: fields.language ?? null,
    quoteToken: fields.quote_token ?? null,
    data: { ...(fields.data ?? {}) },
    createdAt: isoSeconds(request.now),
  };
  const answer = {
    status: 201,
    body: {
      id: lead.id,
      livemode: false,
      email: lead.email,
      first_name: lead.firstName,
      last_name: lead.lastName,
      language: lead.language,
      quote_token: lead.quoteToken,
      data: { ...lead.data },
      created_at: lead.createdAt,
    },
  };
  request.state.leads.set(lead.id, lead, stateLimits(request.settings));
  return answer;
}
