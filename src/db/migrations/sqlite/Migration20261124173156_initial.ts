import { Migration } from '@mikro-orm/migrations';

export class Migration20261124173156_initial extends Migration {

  override name = 'Migration20261124173156_initial';

  override up(): void | Promise<void> {
    this.addSql(`create table \`settings\` (\`key\` text not null primary key, \`value\` json null, \`description\` text null, \`encrypted\` integer not null default false, \`updated_at\` datetime not null);`);
  }

}
