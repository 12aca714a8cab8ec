import { Migration } from '@mikro-orm/migrations';

export class Migration20261124220814_content extends Migration {

  override name = 'Migration20261124220814_content';

  override up(): void | Promise<void> {
    this.addSql(`create table "content" ("id" serial primary key, "slug" varchar(200) not null, "title" varchar(200) not null, "body" text not null, "excerpt" varchar(300) not null, "type" text not null default 'post', "status" text not null default 'draft', "author_id" int null, "published_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1);`);
    this.addSql(`alter table "content" add constraint "content_slug_unique" unique ("slug");`);
    this.addSql(`create index "content_type_index" on "content" ("type");`);
    this.addSql(`create index "content_status_index" on "content" ("status");`);
    this.addSql(`create index "content_author_id_index" on "content" ("author_id");`);
    this.addSql(`create index "content_created_at_index" on "content" ("created_at");`);

    this.addSql(`alter table "content" add constraint "content_author_id_foreign" foreign key ("author_id") references "users" ("id") on delete set null;`);
    this.addSql(`alter table "content" add constraint "content_type_check" check ("type" in ('post', 'page', 'article'));`);
    this.addSql(`alter table "content" add constraint "content_status_check" check ("status" in ('draft', 'published', 'archived'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "content" cascade;`);
  }

}
