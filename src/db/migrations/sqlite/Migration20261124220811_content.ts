import { Migration } from '@mikro-orm/migrations';

export class Migration20261124220811_content extends Migration {

  override name = 'Migration20261124220811_content';

  override up(): void | Promise<void> {
    this.addSql(`create table \`content\` (\`id\` integer not null primary key autoincrement, \`slug\` text not null, \`title\` text not null, \`body\` text not null, \`excerpt\` text not null, \`type\` text check (\`type\` in ('post', 'page', 'article')) not null default 'post', \`status\` text check (\`status\` in ('draft', 'published', 'archived')) not null default 'draft', \`author_id\` integer null, \`published_at\` datetime null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`version\` integer not null default 1, constraint \`content_author_id_foreign\` foreign key (\`author_id\`) references \`users\` (\`id\`) on delete set null);`);
    this.addSql(`create unique index \`content_slug_unique\` on \`content\` (\`slug\`);`);
    this.addSql(`create index \`content_type_index\` on \`content\` (\`type\`);`);
    this.addSql(`create index \`content_status_index\` on \`content\` (\`status\`);`);
    this.addSql(`create index \`content_author_id_index\` on \`content\` (\`author_id\`);`);
    this.addSql(`create index \`content_created_at_index\` on \`content\` (\`created_at\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`content\`;`);
  }

}
