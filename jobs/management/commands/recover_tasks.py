from django.core.management.base import BaseCommand

from jobs.recovery import recover_lost


class Command(BaseCommand):
    help = "Mark the tasks that a stopped worker left RUNNING as failed (shown on the jobs page with a retry)."

    def handle(self, *args, **options):
        lost = recover_lost()
        if lost:
            self.stdout.write(f"{len(lost)} 个任务的后台进程已停止, 标记为失败 (可在 后台任务 页面重试)")
