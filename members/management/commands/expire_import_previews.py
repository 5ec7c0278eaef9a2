from django.core.management.base import BaseCommand

from members.importing.expiry import expire_previews


class Command(BaseCommand):
    help = "Delete uploaded rosters (full ID numbers) of previews not confirmed within a day."

    def handle(self, *args, **options):
        self.stdout.write(f"已删除 {expire_previews()} 份超过一天未确认的导入文件。")
