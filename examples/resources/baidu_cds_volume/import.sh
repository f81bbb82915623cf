# Import a data disk by its ID, as shown in the Baidu Cloud console.
terraform import baidu_cds_volume.data v-IgJOjBWj
