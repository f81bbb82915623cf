# Import an attachment by <volume ID>:<instance ID>.
terraform import baidu_cds_volume_attachment.data v-IgJOjBWj:i-YufwpQAe
