import { Migration } from '@mikro-orm/migrations';

export class Migration20261124221741_content_ms extends Migration {

  override name = 'Migration20261124221741_content_ms';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`content\` modify \`published_at\` datetime(3) null;`);
    this.addSql(`alter table \`content\` modify \`created_at\` datetime(3) not null;`);
    this.addSql(`alter table \`content\` modify \`updated_at\` datetime(3) not null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`content\` modify \`published_at\` datetime null;`);
    this.addSql(`alter table \`content\` modify \`created_at\` datetime not null;`);
    this.addSql(`alter table \`content\` modify \`updated_at\` datetime not null;`);
  }

}
