import { extname } from 'node:path';
import { randomHex } from './ids.ts';
import { SlackApiError } from './params.ts';
import type { Workspace } from './workspace.ts';

/** A file of the v2 upload flow: reserved by getUploadURLExternal, filled by the POST, shared by completeUploadExternal. */
export interface StoredFile {
  id: string;
  name: string;
  title: string;
  declaredLength: number;
  uploadKey: string;
  userId: string;
  bytes?: Buffer;
  completed: boolean;
  channels: string[];
  created: number;
}

const MIME: Record<string, [string, string]> = {
  '.png': ['image/png', 'png'], '.jpg': ['image/jpeg', 'jpg'], '.svg': ['image/svg+xml', 'svg'],
  '.csv': ['text/csv', 'csv'], '.pdf': ['application/pdf', 'pdf'], '.txt': ['text/plain', 'text'],
  '.json': ['application/json', 'json'], '.md': ['text/markdown', 'markdown'],
};

export class FileStore {
  readonly byId = new Map<string, StoredFile>();
  private readonly byKey = new Map<string, string>();

  constructor(private readonly ws: Workspace) {}

  reserve(name: string, length: number, userId: string): StoredFile {
    const file: StoredFile = { id: this.ws.ids.next('F'), name, title: name, declaredLength: length, uploadKey: randomHex(16), userId, completed: false, channels: [], created: Math.floor(this.ws.now() / 1000) };
    this.byId.set(file.id, file);
    this.byKey.set(file.uploadKey, file.id);
    return file;
  }

  /** Stores the bytes POSTed to an upload_url; false when the URL is unknown. */
  receive(uploadKey: string, bytes: Buffer): boolean {
    const id = this.byKey.get(uploadKey);
    const file = id ? this.byId.get(id) : undefined;
    if (!file) return false;
    file.bytes = bytes;
    return true;
  }

  complete(id: string, title: string | undefined): StoredFile {
    const file = this.byId.get(id);
    if (!file) throw new SlackApiError('file_not_found');
    if (!file.bytes) throw new SlackApiError('file_upload_not_complete');
    file.completed = true;
    if (title) file.title = title;
    return file;
  }

  /** The file object Slack returns and attaches to messages. */
  describe(file: StoredFile): Record<string, unknown> {
    const [mimetype, filetype] = MIME[extname(file.name).toLowerCase()] ?? ['application/octet-stream', 'binary'];
    const url = `https://files.slack.com/files-pri/${this.ws.teamId}-${file.id}/${encodeURIComponent(file.name)}`;
    return {
      id: file.id, created: file.created, timestamp: file.created, name: file.name, title: file.title,
      mimetype, filetype, pretty_type: filetype.toUpperCase(), user: file.userId, user_team: this.ws.teamId,
      editable: false, size: file.bytes?.length ?? 0, mode: 'hosted', is_external: false, external_type: '',
      is_public: false, public_url_shared: false, display_as_bot: false, username: '',
      url_private: url, url_private_download: `${url}?download=1`,
      permalink: `${this.ws.url}files/${file.userId}/${file.id}/${encodeURIComponent(file.name)}`,
      comments_count: 0, is_starred: false, shares: {}, channels: [], groups: [], ims: [],
      has_more_shares: false, has_rich_preview: false, file_access: 'visible',
    };
  }
}
